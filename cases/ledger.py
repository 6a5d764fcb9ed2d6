"""Case ledgers (台账): the columns, and the fast way to read and write them.

The columns are defined once: the case's own in `LEDGERS`, then those the apps
above add with `cases.ledger_extensions.add_ledger_column` (the site adds 满意度, the 好差评 rating, from
`portal.composed.ledger`; cases never reads feedback itself). `ledger_columns`
gives both; `cases.resources` exposes the same columns as django-import-export
resources. `cases.ledger_reading` reads the cases as plain tuples through a
server-side cursor and, chunk by chunk, their routing and handling events and the
added columns' cells (the ratings), so queries grow with the chunks, not the rows,
and memory stays flat; this module formats each row in Python; `csv_chunks` streams it as CSV (every cell through
`kernel.spreadsheets.csv_cell`, so a citizen's "=..." does not run as a formula),
`cases.ledger_workbook` writes the Excel workbook.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from cases.ledger_extensions import added_cells, added_columns
from cases.ledger_reading import (
    AT,
    CHUNK_ROWS,
    VALUES,
    EventRecords,
    event_records,
    labels,
    ledger_chunks,
    ledger_values,
    local_time,
)
from cases.models import Case, CaseCallback, LedgerExport
from departments.selectors import staff_name
from kernel.privacy import mask_name, mask_phone
from kernel.spreadsheets import csv_cell

# Re-exported: `cases.resources` and the benchmark read them from here.
__all__ = ["VALUES", "EventRecords", "added_cells", "event_records", "ledger_values"]

# Rows are plain tuples (values_list) for speed; columns read them by position.
PK, KIND, CHANNEL, SUBMITTED, ACCEPTED, DEPT_ID = (
    AT[n]
    for n in ("pk", "kind", "channel", "submitted_at", "accepted_at", "department_id")
)
NAME, PHONE, ANONYMOUS, STATUS, DUE = (
    AT[n] for n in ("contact_name", "contact_phone", "is_anonymous", "status", "due_at")
)
SUPERVISED, REPLIED, REJECTED, CLOSED = (
    AT[n] for n in ("is_supervised", "replied_at", "rejected_at", "closed_at")
)
SIGNED, URGENT, REDOS, ASSIGNEE, CALLBACK = (
    AT[n]
    for n in (
        "signed_at",
        "is_urgent",
        "redo_count",
        "assignee__username",
        "last_callback_result",
    )
)
ALL_LEDGERS = LedgerExport.ALL_LEDGERS
_KIND = labels(Case.Kind.choices)
_CHANNEL = labels(Case.Channel.choices)
_STATUS = labels(Case.Status.choices)
_CALLBACK = labels(CaseCallback.Result.choices)
_time = local_time


@dataclass(frozen=True)
class RowContext:
    """What a row's formatting depends on besides the case itself."""

    now: datetime
    routing: dict[int, str]  # case id -> 转办/退回记录
    # Departments whose contacts the reader may see in full; None means all.
    contact_departments: set[int] | None
    handlers: dict[int, str]  # case id -> 经办人
    # Header of an added column (`ledger_extensions`) -> case id -> its cell.
    added: Mapping[str, Mapping[int, str]]


def _overdue(row: tuple, now: datetime) -> str:
    # Late if the first answer (reply or rejection) came after the due date, or
    # if there is none yet and the due date has passed.
    answered = row[REPLIED] or row[REJECTED]
    return "是" if (answered or now) > row[DUE] else "否"


def _handler(row: tuple, ctx: RowContext) -> str:
    # 经办人: the assignee (承办人) when there is one, else whoever last accepted,
    # answered or rejected the case (cases from before assignment existed).
    if row[ASSIGNEE]:
        return staff_name(
            username=row[ASSIGNEE],
            first_name=row[ASSIGNEE + 1],
            last_name=row[ASSIGNEE + 2],
        )
    return ctx.handlers.get(row[PK], "")


def _contact_visible(row: tuple, ctx: RowContext) -> bool:
    return ctx.contact_departments is None or row[DEPT_ID] in ctx.contact_departments


def _person(row: tuple, ctx: RowContext) -> str:
    if row[ANONYMOUS]:
        return "匿名"
    name = row[NAME]
    return name if _contact_visible(row, ctx) else mask_name(name)


def _phone(row: tuple, ctx: RowContext) -> str:
    phone = row[PHONE]
    return phone if _contact_visible(row, ctx) else mask_phone(phone)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[dict, RowContext], object]


def _field(name: str) -> Callable[[tuple, RowContext], object]:
    index = AT[name]
    return lambda row, ctx: row[index] or ""


COMMON_HEAD = [
    Column("登记编号", _field("number")),
    Column("类型", lambda r, c: _KIND(r[KIND])),
    Column("渠道", lambda r, c: _CHANNEL(r[CHANNEL])),
    Column("提交时间", lambda r, c: _time(r[SUBMITTED])),
    Column("签收时间", lambda r, c: _time(r[SIGNED])),
    Column("受理时间", lambda r, c: _time(r[ACCEPTED])),
    Column("承办部门", _field("department__name")),
    Column("经办人", _handler),
    Column("服务类型", _field("service_type__name")),
    Column("标题", _field("title")),
    Column("内容", _field("content")),
]
COMMON_TAIL = [
    Column("联系电话", _phone),
    Column("状态", lambda r, c: _STATUS(r[STATUS])),
    Column("紧急", lambda r, c: "是" if r[URGENT] else "否"),
    Column("办理时限", lambda r, c: _time(r[DUE])),
    Column("是否超期", lambda r, c: _overdue(r, c.now)),
    Column("转办/退回记录", lambda r, c: c.routing.get(r[PK], "")),
    Column("督办", lambda r, c: "是" if r[SUPERVISED] else "否"),
    Column("答复时间", lambda r, c: _time(r[REPLIED])),
    Column("答复内容", _field("reply")),
    Column("办结时间", lambda r, c: _time(r[CLOSED])),
    Column("重办次数", lambda r, c: str(r[REDOS])),
    Column("回访结果", lambda r, c: _CALLBACK(r[CALLBACK]) if r[CALLBACK] else ""),
]
# One ledger per kind, the case's own columns (`ledger_columns` adds the others).
# The complaint ledger (投诉举报台账) names the complainee.
LEDGERS: dict[str, list[Column]] = {
    Case.Kind.COMPLAINT: [
        *COMMON_HEAD,
        Column("被投诉/举报对象", _field("complainee")),
        Column("投诉人", _person),
        *COMMON_TAIL,
    ],
    Case.Kind.CONSULTATION: [*COMMON_HEAD, Column("咨询人", _person), *COMMON_TAIL],
    Case.Kind.SUGGESTION: [*COMMON_HEAD, Column("建议人", _person), *COMMON_TAIL],
}
TITLES = {
    Case.Kind.COMPLAINT: "投诉举报台账",
    Case.Kind.CONSULTATION: "咨询求助台账",
    Case.Kind.SUGGESTION: "建议献策台账",
}


def _added_column(header: str) -> Column:
    return Column(header, lambda r, c: c.added[header].get(r[PK], ""))


def ledger_columns(kind: str) -> list[Column]:
    """The columns of the `kind` ledger, in order: its own, then the added ones."""
    return [*LEDGERS[kind], *(_added_column(c.header) for c in added_columns())]


def headers(kind: str) -> list[str]:
    return [column.header for column in ledger_columns(kind)]


def ledger_kinds(ledger: str) -> list[str]:
    """The kinds, one sheet each, of a ledger choice: one kind, or all of them."""
    return list(LEDGERS) if ledger == ALL_LEDGERS else [ledger]


def ledger_rows(
    cases: QuerySet[Case],
    *,
    kind: str,
    contact_departments: set[int] | None,
    chunk_size: int = CHUNK_ROWS,
) -> Iterator[list]:
    """The ledger's rows (without headers) for `cases`, oldest first, read chunk
    by chunk (`cases.ledger_reading.ledger_chunks`): 1 query, then 2 per chunk
    with the 满意度 column."""
    now = timezone.now()
    values = [column.value for column in ledger_columns(kind)]
    for chunk, details in ledger_chunks(cases, chunk_size=chunk_size):
        ctx = RowContext(
            now=now,
            routing=details.events.routing,
            contact_departments=contact_departments,
            handlers=details.events.handlers,
            added=details.added,
        )
        for row in chunk:
            yield [value(row, ctx) for value in values]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(*, kind: str, rows: Iterable[list], on_row=None) -> Iterator[str]:
    """CSV text in chunks, with a BOM so that Excel opens it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers(kind))
    buffer = io.StringIO()
    buffered = csv.writer(buffer)
    for index, row in enumerate(rows, start=1):
        buffered.writerow(map(csv_cell, row))
        if on_row:
            on_row()
        if index % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
