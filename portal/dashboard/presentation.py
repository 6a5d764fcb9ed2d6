"""Turns the figures into what the dashboard shows: cards, the department ranking,
and (in `presentation_charts`) the charts, each number with its link.

A "cell" is {"text", "href"}: the template prints the text, linked when there is
an href. Missing values (no answered case yet, no feedback app) print as "—".
"""

from dataclasses import dataclass
from datetime import date

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cases import workflow
from cases.statistics import Kind, Status
from portal.dashboard import rates
from portal.dashboard.figures import (
    NO_OFFICE_FIGURES,
    DashboardFigures,
    DepartmentFigures,
)
from portal.dashboard.forms import Filters
from portal.dashboard.links import (
    admin_list_url,
    case_list_url,
    days_between,
    submitted_between,
)
from portal.dashboard.presentation_office import (
    OFFICE_COLUMNS,
    OfficeRates,
    office_rates,
)
from portal.dashboard.timing import month_start, week_start

DASH = "—"


def cell(text, href: str | None = None) -> dict:
    return {"text": DASH if text is None else str(text), "href": href}


def percent(value: float | None) -> str | None:
    return None if value is None else f"{value * 100:.1f}%"


def score(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def statuses(values) -> str:
    return ",".join(str(value) for value in values)


class Links:
    """Case-list links for one dashboard view: its department and date range."""

    def __init__(self, filters: Filters, today: date):
        self.department_id = filters.department_id
        self.range = submitted_between(filters.date_from, filters.date_to)
        # Ratings and impressions count by the day they were given.
        self.given_in_range = days_between(
            "created_at", filters.date_from, filters.date_to
        )
        self.today = today

    def cases(self, department_id: int | None = None, **filters) -> str:
        return case_list_url(
            department_id=department_id or self.department_id, **filters
        )

    def in_range(self, department_id: int | None = None, **filters) -> str:
        return self.cases(department_id, **self.range, **filters)

    def answered(self, department_id: int | None = None) -> str:
        return self.in_range(
            department_id, status__in=statuses(workflow.ANSWERED_FOR_STATISTICS)
        )

    def late_open(self, department_id: int | None = None) -> str:
        """Received in the range, unanswered and past due (the case list's
        overdue): the late part of 按时答复率 besides the answered cases."""
        return self.in_range(department_id, deadline="overdue")

    def since(self, first: date, **filters) -> str:
        return self.cases(**submitted_between(first, self.today), **filters)

    def evaluations(self, department_id: int | None = None) -> str | None:
        """The ratings behind a satisfaction rate: given in the range, not void."""
        return admin_list_url(
            "feedback_caseevaluation",
            department__id__exact=department_id or self.department_id,
            is_void__exact=0,
            **self.given_in_range,
        )

    def impressions(self, department_id: int | None = None) -> str | None:
        """The impressions behind an average: given in the range and counted."""
        return admin_list_url(
            "feedback_departmentimpression",
            department__id__exact=department_id or self.department_id,
            counts_in_average__exact=1,
            **self.given_in_range,
        )

    def rectifications(self, progress: str) -> str | None:
        """Feedback's own filter: progress=open or overdue."""
        return admin_list_url(
            "feedback_rectification",
            department__id__exact=self.department_id,
            progress=progress,
        )


def received_table(figures: DashboardFigures, links: Links) -> dict:
    """Cases received today, this week, this month, by kind."""
    today = figures.today
    received = figures.received
    periods = [
        (received.today, _("今日"), today),
        (received.week, _("本周"), week_start(today)),
        (received.month, _("本月"), month_start(today)),
    ]
    rows = []
    for counts, label, first in periods:
        rows.append(
            [
                cell(label),
                *(
                    cell(counts.by_kind[kind], links.since(first, kind__exact=kind))
                    for kind in Kind.values
                ),
                cell(counts.total, links.since(first)),
            ]
        )
    return {
        "headers": ["", *(str(label) for label in Kind.labels), _("合计")],
        "rows": rows,
    }


def cards(figures: DashboardFigures, links: Links) -> dict:
    """The figures of the moment (backlog, deadlines) and of the date range."""
    backlog = figures.backlog
    totals = figures.totals
    satisfaction = figures.satisfaction
    rectifications = figures.rectifications
    rated = sum(r["rated"] for r in (satisfaction or {}).values())
    closed = links.in_range(status__exact="closed")
    return {
        "backlog_total": cell(
            backlog.total, links.cases(status__in=statuses(workflow.BACKLOG))
        ),
        "backlog": [
            {
                "label": Status(status).label,
                **cell(count, links.cases(status__exact=status)),
            }
            for status, count in backlog.by_status.items()
        ],
        "overdue": cell(backlog.overdue, links.cases(deadline="overdue")),
        "due_soon": cell(backlog.due_soon, links.cases(deadline="due_soon")),
        # 按时答复率 is over two lists: the rate links to the answered cases,
        # the late unanswered part has its own link beside it.
        "on_time": cell(percent(rates.on_time_rate(totals)), links.answered()),
        "on_time_count": cell(totals.on_time, links.answered()),
        "on_time_base": cell(rates.on_time_base(totals)),
        "late_open": cell(totals.late_open, links.late_open()),
        "answered": cell(totals.answered, links.answered()),
        "received": cell(totals.received, links.in_range()),
        # Working days; the page prints the unit beside the number.
        "reply_average": cell(figures.reply.average, links.answered()),
        "reply_p90": cell(figures.reply.p90, links.answered()),
        "close_average": cell(figures.close.average, closed),
        "close_p90": cell(figures.close.p90, closed),
        "closed": cell(totals.closed, closed),
        "closure_rate": cell(percent(rates.closure_rate(totals)), closed),
        "satisfaction": cell(
            percent(rates.satisfaction_rate(satisfaction.values()))
            if satisfaction is not None
            else None,
            links.evaluations(),
        ),
        "rated": cell(rated if satisfaction is not None else None, links.evaluations()),
        "rectifications_open": cell(
            None
            if rectifications is None
            else sum(r["open"] for r in rectifications.values()),
            links.rectifications("open"),
        ),
        "rectifications_overdue": cell(
            None
            if rectifications is None
            else sum(r["overdue"] for r in rectifications.values()),
            links.rectifications("overdue"),
        ),
    }


@dataclass(frozen=True)
class DepartmentRow:
    """One department of the ranking and the department charts."""

    id: int
    name: str
    figures: DepartmentFigures
    on_time_rate: float | None
    closure_rate: float | None
    satisfaction_rate: float | None
    rated: int
    impression_average: float | None
    office: OfficeRates  # the 12345 office's rates


def department_rows(figures: DashboardFigures) -> list[DepartmentRow]:
    """Per department in scope: its figures, satisfaction and impressions. A
    closed department appears only while it still has cases to count."""
    satisfaction = figures.satisfaction or {}
    impressions = figures.impressions or {}
    rows = []
    for department in figures.departments:
        pk = department["id"]
        counts = figures.by_department[pk]
        if not department["is_active"] and not (counts.counts.received or counts.open):
            continue
        rows.append(
            DepartmentRow(
                id=pk,
                name=department["name"],
                figures=counts,
                on_time_rate=rates.on_time_rate(counts.counts),
                closure_rate=rates.closure_rate(counts.counts),
                satisfaction_rate=satisfaction.get(pk, {}).get("rate"),
                rated=satisfaction.get(pk, {}).get("rated", 0),
                impression_average=impressions.get(pk, {}).get("average"),
                office=office_rates(figures.office.get(pk, NO_OFFICE_FIGURES)),
            )
        )
    return rows


SORT_VALUES = {
    "name": lambda row: row.name,
    "received": lambda row: row.figures.counts.received,
    "on_time": lambda row: row.on_time_rate,
    "reply": lambda row: row.figures.reply.average,
    "satisfaction": lambda row: row.satisfaction_rate,
    "impression": lambda row: row.impression_average,
    **{
        key: (lambda row, value=value: value(row.office))
        for key, _label, value, _text in OFFICE_COLUMNS
    },
}


def ranking(figures: DashboardFigures, filters: Filters, links: Links) -> dict:
    """The department ranking table, sorted by `filters.sort` (missing values
    last either way), with sort links in its header and a link in every cell."""
    key = filters.sort.lstrip("-")
    descending = filters.sort.startswith("-")
    value = SORT_VALUES[key]
    rows = department_rows(figures)
    known = [row for row in rows if value(row) is not None]
    known.sort(key=value, reverse=descending)
    rows = known + [row for row in rows if value(row) is None]
    columns = [
        ("name", _("部门")),
        ("received", _("受理量")),
        (None, _("已答复")),
        ("on_time", _("按时答复率")),
        ("reply", _("平均答复用时（工作日）")),
        ("satisfaction", _("满意率")),
        ("impression", _("印象评分")),
        *((key, label) for key, label, _value, _text in OFFICE_COLUMNS),
    ]
    headers = []
    for sort_key, label in columns:
        header = {"label": label, "href": None, "sorted": ""}
        if sort_key:
            current = sort_key == key
            # A new column starts with the largest first (names A→Z).
            next_sort = sort_key if sort_key == "name" else f"-{sort_key}"
            if current:
                next_sort = sort_key if descending else f"-{sort_key}"
                header["sorted"] = "desc" if descending else "asc"
            header["href"] = "?" + urlencode(filters.query(sort=next_sort))
        headers.append(header)
    return {
        "headers": headers,
        "rows": [
            [
                cell(row.name, links.in_range(row.id)),
                cell(row.figures.counts.received, links.in_range(row.id)),
                cell(row.figures.counts.answered, links.answered(row.id)),
                cell(percent(row.on_time_rate), links.answered(row.id)),
                cell(row.figures.reply.average, links.answered(row.id)),
                cell(percent(row.satisfaction_rate), links.evaluations(row.id)),
                cell(score(row.impression_average), links.impressions(row.id)),
                *(cell(text(value(row.office))) for *_, value, text in OFFICE_COLUMNS),
            ]
            for row in rows
        ],
    }
