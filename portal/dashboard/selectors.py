"""Every figure of the staff dashboard (数据公开's are in `public_stats`).

Counting happens in the database (`cases.statistics`, `feedback.selectors`), in
a fixed number of queries whatever the number of cases (tests assert the bound).
Durations in working days come as histograms from the cases' roll-ups
(`statistics.answer_workdays`: the roll-up took the working days from its
calendar table when the case changed). Results are cached briefly, per scope
and filters.

Definitions (docs/dashboard.md): *received* = submitted in the period; *backlog* =
`cases.workflow.BACKLOG` (待受理, 已受理 and 已退回待分派); *overdue* and *due soon*
as on the case list; the rates (按时答复率, 办结率, 满意率) and their parts are
defined in `rates.py` and `cases.statistics`.
"""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection
from datetime import date, datetime, timedelta

from django.core.cache import cache

from appointments import selectors as appointment_selectors
from cases import statistics, workflow
from cases.statistics import Kind, RateCounts
from departments import selectors as department_selectors
from knowledge import selectors as knowledge_selectors
from portal.dashboard import feedback_figures, office_figures
from portal.dashboard.figures import (
    Backlog,
    ComplaintType,
    DashboardFigures,
    DepartmentFigures,
    KnowledgePanel,
    MonthCounts,
    Received,
    ReceivedNow,
)
from portal.dashboard.timing import (
    add_months,
    day_start,
    duration_summary,
    last_months,
    local_date,
    merge_counters,
    month_start,
    week_start,
)

__all__ = [
    "cache_key",
    "cached_dashboard_figures",
    "dashboard_figures",
    "scope_departments",
]


DASHBOARD_CACHE_SECONDS = 60


def scope_departments(*, department_ids: Collection[int] | None) -> list[dict]:
    """{"id", "name", "is_active"} of these departments (None: all) in display
    order, closed ones included: their cases still count."""
    return department_selectors.department_rows(department_ids=department_ids)


class _DepartmentTally:
    """One department's counts while the rows of `case_counts` are added up."""

    def __init__(self):
        self.counts = RateCounts()
        self.open = self.overdue = self.due_soon = 0
        self.reply = duration_summary(Counter())

    def frozen(self) -> DepartmentFigures:
        return DepartmentFigures(
            counts=self.counts,
            open=self.open,
            overdue=self.overdue,
            due_soon=self.due_soon,
            reply=self.reply,
        )


def dashboard_figures(
    *,
    department_ids: Collection[int] | None,
    date_from: date,
    date_to: date,
    now: datetime,
    departments: list[dict] | None = None,
) -> DashboardFigures:
    """Every figure of the staff dashboard for these departments (None: all).

    Counts "now" (received today/this week/this month, backlog, deadlines,
    open rectifications) ignore the date range; the range [date_from, date_to]
    (Asia/Shanghai days, inclusive) selects by submission the cases behind the
    rates, durations and ranking, and by the day they were given the ratings
    and impressions. Twenty queries: the departments (none when the caller
    passes their `scope_departments`), two reads of the cases' roll-ups (each
    with the open cases live, `cases.statistics`), the service type names,
    three feedback reads, four for the 12345 office's figures
    (`office_figures`), four for the 知识库 panel (`knowledge.selectors.knowledge_figures`)
    and five for the 预约 panel (`appointments.selectors.booking_figures`).
    """
    today = local_date(now)
    start, end = day_start(date_from), day_start(date_to + timedelta(days=1))
    if departments is None:
        departments = scope_departments(department_ids=department_ids)
    ids = [department["id"] for department in departments]
    periods = {
        "today": day_start(today),
        "week": day_start(week_start(today)),
        "month": day_start(month_start(today)),
    }
    months = last_months(today)
    month_bounds = [
        (day_start(first), day_start(add_months(first, 1))) for first in months
    ]

    tallies = {pk: _DepartmentTally() for pk in ids}
    received = {name: dict.fromkeys(Kind.values, 0) for name in periods}
    monthly = [dict.fromkeys(Kind.values, 0) for _month in months]
    by_status = dict.fromkeys(workflow.BACKLOG, 0)
    complaints: Counter[int | None] = Counter()
    consultations = 0
    for row in statistics.case_counts(
        department_ids=department_ids,
        now=now,
        since=periods,
        months=month_bounds,
        start=start,
        end=end,
    ):
        tally = tallies.setdefault(row.department_id, _DepartmentTally())
        tally.counts += row.in_range
        tally.overdue += row.overdue
        tally.due_soon += row.due_soon
        if row.status in by_status:
            tally.open += row.count
            by_status[row.status] += row.count
        for name, count in row.since.items():
            received[name][row.kind] += count
        for month, count in zip(monthly, row.months, strict=True):
            month[row.kind] += count
        if row.kind == Kind.COMPLAINT and row.in_range.received:
            complaints[row.service_type_id] += row.in_range.received
        if row.kind == Kind.CONSULTATION:
            consultations += row.in_range.received

    answers = statistics.answer_workdays(
        department_ids=department_ids, start=start, end=end
    )
    replies, closes = _answer_days(answers)
    for pk, durations in replies.items():
        tallies.setdefault(pk, _DepartmentTally()).reply = duration_summary(durations)
    by_department = {pk: tally.frozen() for pk, tally in tallies.items()}
    return DashboardFigures(
        today=today,
        date_from=date_from,
        date_to=date_to,
        departments=departments,
        received=ReceivedNow(
            **{name: Received(by_kind=counts) for name, counts in received.items()}
        ),
        backlog=Backlog(
            by_status=by_status,
            overdue=sum(f.overdue for f in by_department.values()),
            due_soon=sum(f.due_soon for f in by_department.values()),
        ),
        totals=RateCounts.total([f.counts for f in by_department.values()]),
        reply=duration_summary(merge_counters(replies.values())),
        close=duration_summary(closes),
        by_department=by_department,
        monthly=[
            MonthCounts(month=first, by_kind=counts)
            for first, counts in zip(months, monthly, strict=True)
        ],
        complaint_types=_complaint_types(complaints),
        satisfaction=feedback_figures.satisfaction_by_department(
            department_ids=ids, start=start, end=end
        ),
        impressions=feedback_figures.impressions_by_department(
            department_ids=ids, start=start, end=end
        ),
        rectifications=feedback_figures.rectifications_by_department(
            department_ids=department_ids, now=now
        ),
        office=office_figures.office_figures(
            department_ids=department_ids,
            start=start,
            end=end,
            now=now,
            received={pk: f.counts.received for pk, f in by_department.items()},
            answers=answers,
        ),
        knowledge=KnowledgePanel(
            figures=knowledge_selectors.knowledge_figures(
                start=date_from,
                end=date_to,
                department_ids=None
                if department_ids is None
                else sorted(department_ids),
            ),
            consultations=consultations,
        ),
        appointments=appointment_selectors.booking_figures(
            department_ids=None if department_ids is None else sorted(department_ids),
            start=date_from,
            end=date_to,
        ),
    )


def _answer_days(
    answers: list[statistics.AnswerWorkdays],
) -> tuple[dict[int, Counter[int]], Counter[int]]:
    """Working days to the first answer, per department ({days: cases}), and to
    closing (all departments), from `statistics.answer_workdays` (a status
    without its timestamp, an old imported row, has no duration there)."""
    replies: dict[int, Counter[int]] = defaultdict(Counter)
    closes: Counter[int] = Counter()
    for group in answers:
        if group.measure == "reply":
            replies[group.department_id][group.workdays] += group.count
        else:
            closes[group.workdays] += group.count
    return replies, closes


def _complaint_types(complaints: Counter[int | None]) -> list[ComplaintType]:
    """Largest first; id and name None for complaints without a service type."""
    names = department_selectors.service_type_names(ids=[pk for pk in complaints if pk])
    rows = [
        ComplaintType(id=pk, name=names.get(pk) if pk else None, count=count)
        for pk, count in complaints.items()
    ]
    return sorted(rows, key=lambda row: (-row.count, row.name or ""))


def cache_key(prefix: str, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    # v2: the figures became dataclasses; a worker must not read v1's dicts.
    # v3: the figures gained `office`.
    return f"dashboard:v3:{prefix}:{digest}"


def cached_dashboard_figures(
    *,
    department_ids: Collection[int] | None,
    date_from: date,
    date_to: date,
    now: datetime,
    departments: list[dict] | None = None,
) -> DashboardFigures:
    """`dashboard_figures`, cached for a minute per scope, range and day."""
    scope = "all" if department_ids is None else tuple(sorted(department_ids))
    key = cache_key("staff", scope, date_from, date_to, local_date(now))
    figures = cache.get(key)
    if figures is None:
        figures = dashboard_figures(
            department_ids=department_ids,
            date_from=date_from,
            date_to=date_to,
            now=now,
            departments=departments,
        )
        cache.set(key, figures, DASHBOARD_CACHE_SECONDS)
    return figures
