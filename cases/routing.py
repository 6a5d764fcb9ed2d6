"""The 派单目录 read: where a case that named no department goes.

`route_for` tries the active rules in order (`DispatchRule`); the first whose
service type and keywords match wins. No match: the city's dispatch centre
(`department=None`), where a dispatcher places the case by hand. One query.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cases.models import DispatchRule

if TYPE_CHECKING:
    from departments.models import Department

# Newlines, ASCII and full-width commas, and the enumeration comma 、.
_KEYWORD_SEPARATORS = re.compile(r"[\n\r,，、]+")


@dataclass(frozen=True)
class RoutingDecision:
    rule: DispatchRule | None
    department: "Department | None"  # None: the dispatch centre
    is_urgent: bool


def split_keywords(text: str) -> list[str]:
    """A rule's keywords as written, trimmed, empty ones dropped."""
    return [
        part.strip() for part in _KEYWORD_SEPARATORS.split(text or "") if part.strip()
    ]


def rule_keywords(rule: DispatchRule) -> list[str]:
    """The rule's keywords, lower-cased for matching."""
    return [keyword.casefold() for keyword in split_keywords(rule.keywords)]


def rule_matches(rule: DispatchRule, *, text: str, service_type_id: int | None) -> bool:
    """The DispatchRule docstring's test; `text` is title and content, casefolded.
    A rule with neither a service type nor keywords never matches."""
    keywords = rule_keywords(rule)
    if rule.service_type_id is None and not keywords:
        return False
    if rule.service_type_id is not None and rule.service_type_id != service_type_id:
        return False
    return not keywords or any(keyword in text for keyword in keywords)


def route_for(
    *, title: str, content: str, service_type_id: int | None = None
) -> RoutingDecision:
    """Which rule a case with this text (and service type) hits, and where it goes."""
    text = f"{title}\n{content}".casefold()
    rules = (
        DispatchRule.objects.filter(
            active=True,
            department__is_active=True,
            department__is_dispatch_center=False,
        )
        .select_related("department")
        .order_by("sort_order", "id")
    )
    for rule in rules:
        if rule_matches(rule, text=text, service_type_id=service_type_id):
            return RoutingDecision(
                rule=rule, department=rule.department, is_urgent=rule.marks_urgent
            )
    return RoutingDecision(rule=None, department=None, is_urgent=False)
