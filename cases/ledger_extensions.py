"""Columns the apps above cases add to every case ledger (台账).

Cases may not read the apps above it (pyproject.toml [tool.importlinter]), yet a
ledger row carries what they know of a case: the site adds the 满意度 column, the
citizen's 好差评, from `portal.composed.ledger` when Django starts. `cases.ledger`
puts the added columns after the case's own, in the order they were added.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from cases.models import Case


@dataclass(frozen=True)
class AddedColumn:
    """A column an app above cases adds at the end of every ledger.

    `cells` reads the cells of a whole selection of cases at once (one query), as
    {case id: text}; a case it leaves out gets an empty cell.
    """

    header: str
    cells: Callable[[QuerySet[Case]], Mapping[int, str]]


_ADDED: dict[str, AddedColumn] = {}


def add_ledger_column(column: AddedColumn) -> None:
    """Add `column` after the case's own columns of every ledger, once per header
    (an AppConfig.ready() calls this; calling it again replaces the column)."""
    _ADDED[column.header] = column


def added_columns() -> list[AddedColumn]:
    return list(_ADDED.values())


def added_cells(cases: QuerySet[Case]) -> dict[str, Mapping[int, str]]:
    """The cells of every added column for `cases`, one query per column."""
    return {column.header: column.cells(cases) for column in added_columns()}
