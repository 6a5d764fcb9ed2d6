"""Links other apps put on the case page (加入知识库 from the knowledge app):
the higher app plugs them in from its ready(), so cases never imports it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseTool:
    label: str
    url: str
    hint: str = ""


# tool(request, case) → a CaseTool, or None where it does not apply.
_tools: list[Callable] = []


def add_case_page_tool(tool: Callable) -> Callable:
    if tool not in _tools:
        _tools.append(tool)
    return tool


def case_page_tools(request, case) -> list[CaseTool]:
    return [made for tool in _tools if (made := tool(request, case)) is not None]
