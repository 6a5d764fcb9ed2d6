"""Reading a ledger's cases: plain tuples through server-side cursors, in chunks.

A ledger may hold a million cases, so nothing is read for the whole selection at
once. The cases stream as `values_list` tuples (`ledger_values`); their routing
and handling events stream beside them in the same order (提交时间, id), and
`ledger_chunks` hands out both a chunk at a time; the cells of the columns the
apps above add (`cases.ledger_extensions`, the 满意度) are read for each chunk,
one query per column. So the queries grow with the chunks, never with the rows,
and memory holds one chunk's cases and details, not the selection's.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import batched

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from cases.ledger_extensions import added_cells
from cases.models import Case, CaseCallback, CaseEvent
from departments.selectors import staff_name
from kernel.workdays import SHANGHAI

# Cases per chunk: the cursor's fetch size and the unit of the added columns'
# queries. 2,000 cases with their long texts are some 5 MB as tuples, as much
# again in the driver's buffer: the worker peaks ~110 MB, against ~130 MB at
# 5,000 (bench/ledger_export.py); the added queries are ~10 ms each.
CHUNK_ROWS = 2000

# Everything a row needs, read with values_list(); columns read them by position.
VALUES = [
    "pk",
    "number",
    "kind",
    "channel",
    "submitted_at",
    "accepted_at",
    "department_id",
    "department__name",
    "service_type__name",
    "title",
    "content",
    "complainee",
    "contact_name",
    "contact_phone",
    "is_anonymous",
    "status",
    "due_at",
    "is_supervised",
    "replied_at",
    "rejected_at",
    "reply",
    "closed_at",
    # The 12345 office's columns (docs/ledgers.md).
    "signed_at",
    "is_urgent",
    "redo_count",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "last_callback_result",  # annotated by `ledger_values` (`LAST_CALLBACK_RESULT`)
]
AT = {name: index for index, name in enumerate(VALUES)}
PK, SUBMITTED = AT["pk"], AT["submitted_at"]
# 回访结果: the latest callback's, as a subquery of the cases' own query, so the
# export keeps its query count whatever the number of cases.
LAST_CALLBACK_RESULT = Subquery(
    CaseCallback.objects.filter(case_id=OuterRef("pk"))
    .order_by("-round", "-called_at", "-id")
    .values("result")[:1]
)
ROUTING_ACTIONS = [
    CaseEvent.Action.TRANSFER,
    CaseEvent.Action.SEND_BACK,
    CaseEvent.Action.DISPATCH,
]
# Who handles a case (经办人): whoever last accepted, answered or rejected it.
HANDLING_ACTIONS = [
    CaseEvent.Action.ACCEPT,
    CaseEvent.Action.REPLY,
    CaseEvent.Action.REJECT,
]


def labels(choices) -> Callable[[str], str]:
    # Plain strings: spreadsheet writers cannot write lazy translation proxies.
    table = {value: str(label) for value, label in choices}
    return table.__getitem__


_ACTION = labels(CaseEvent.Action.choices)


def local_time(value: datetime | None) -> str:
    """`YYYY-MM-DD HH:MM` in Asia/Shanghai, "" for none."""
    # Hot path (six times a row): astimezone and an f-string beat localtime/strftime.
    if not value:
        return ""
    local = value.astimezone(SHANGHAI)
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


def ledger_values(
    cases: QuerySet[Case], *, chunk_size: int = CHUNK_ROWS
) -> Iterator[tuple]:
    """The cases' `VALUES` tuples, oldest first, through a server-side cursor."""
    return (
        cases.annotate(last_callback_result=LAST_CALLBACK_RESULT)
        .order_by("submitted_at", "pk")
        .values_list(*VALUES)
        .iterator(chunk_size)
    )


@dataclass(frozen=True)
class EventRecords:
    routing: dict[int, str]  # case id -> 转办/退回记录
    handlers: dict[int, str]  # case id -> 经办人


# The event columns `event_records` reads, after the case's id.
_EVENT_VALUES = [
    "case_id",
    "created_at",
    "action",
    "from_department__name",
    "to_department__name",
    "note",
    "actor__username",
    "actor__first_name",
    "actor__last_name",
]


def _events(cases: QuerySet[Case]) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(
        case__in=cases.order_by().values("pk"),
        action__in=[*ROUTING_ACTIONS, *HANDLING_ACTIONS],
    )


def event_records(cases: QuerySet[Case]) -> EventRecords:
    """转办/退回记录 and 经办人 of `cases`, in one query."""
    return _records(
        _events(cases)
        .order_by("case_id", "created_at", "id")
        .values_list(*_EVENT_VALUES)
    )


def _records(events: Iterable[tuple]) -> EventRecords:
    """The records of `events` (`_EVENT_VALUES` tuples, each case's in order).

    The 经办人 is whoever last accepted, answered or rejected the case, named as
    the back office names staff (`departments.selectors.staff_name`); a transfer,
    send-back or dispatch leaves it with nobody until the new department accepts.
    """
    records: dict[int, list[str]] = {}
    handlers: dict[int, str] = {}
    for case_id, created_at, action, source, target, note, *actor in events:
        if action in HANDLING_ACTIONS:
            if actor[0]:
                handlers[case_id] = staff_name(
                    username=actor[0], first_name=actor[1], last_name=actor[2]
                )
            continue
        handlers.pop(case_id, None)
        route = f"{source or ''}→{target}" if target else (source or "")
        records.setdefault(case_id, []).append(
            f"{local_time(created_at)} {_ACTION(action)} {route} {note}".strip()
        )
    return EventRecords(
        routing={case_id: "；".join(items) for case_id, items in records.items()},
        handlers=handlers,
    )


@dataclass(frozen=True)
class ChunkDetails:
    """What a chunk's rows need besides their own tuples."""

    events: EventRecords
    # Header of an added column (`ledger_extensions`) -> case id -> its cell.
    added: Mapping[str, Mapping[int, str]]


def ledger_chunks(
    cases: QuerySet[Case], *, chunk_size: int = CHUNK_ROWS
) -> Iterator[tuple[tuple[tuple, ...], ChunkDetails]]:
    """(rows, details) for each chunk of `cases`, oldest first.

    Queries: the cases and their events, each once, through server-side
    cursors in the same order, merged here chunk by chunk; then, for each
    chunk, one per added column.
    """
    # The events in the cases' own order (提交时间, id), so that each chunk
    # takes the next ones: one pass, where a query per chunk would scan or probe
    # the events table again for each.
    events = (
        _events(cases)
        .order_by("case__submitted_at", "case_id", "created_at", "id")
        .values_list("case__submitted_at", *_EVENT_VALUES)
        .iterator(chunk_size)
    )
    pending = None
    for chunk in batched(ledger_values(cases, chunk_size=chunk_size), chunk_size):
        if pending is None:  # the events' query runs once there are cases
            pending = next(events, _END)
        last = (chunk[-1][SUBMITTED], chunk[-1][PK])
        taken = []
        while pending is not _END and (pending[0], pending[1]) <= last:
            taken.append(pending[1:])
            pending = next(events, _END)
        chunk_cases = _cases_by_id([row[PK] for row in chunk])
        yield (
            chunk,
            ChunkDetails(events=_records(taken), added=added_cells(chunk_cases)),
        )
    events.close()  # its server-side cursor, if events are left unread


_END = ()


def _cases_by_id(ids: list[int]) -> QuerySet[Case]:
    """The cases of `ids`, for the added columns' queries.

    On PostgreSQL the ids go as one array parameter: as 2,000 placeholders the
    query costs more to build and send than its rows, and named by their span of
    提交时间 instead the planner scans the whole ratings table for each chunk
    (80 ms at a million cases, against 14 ms by the array's ids).
    """
    if connection.vendor == "postgresql":
        return Case.objects.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
    return Case.objects.filter(pk__in=ids)
