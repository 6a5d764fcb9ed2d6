"""月度考核通报: the monthly assessment report, per department and month, ranked.

One row per department in scope (closed departments only while they have
something to count), with the figures of docs/dashboard.md for the month
[first day, first day of next month) in Asia/Shanghai: received, 签收及时率,
按时答复率, 退单率, 重办率, 回访率, 回访满意率, 平均办理用时, 催办/督办/通报,
协办 asked of it and answered on time.

Ranked by 按时答复率, then 回访满意率, then 签收及时率 (higher first; a department
without a rate goes after those with one), then by name: the on-time answer is
what the city assesses first, the citizen's view next. Ties share a rank.
Eight queries whatever the number of cases or departments.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from cases import statistics
from cases.statistics import RateCounts
from departments import selectors as department_selectors
from portal.dashboard import rates
from portal.dashboard.figures import NO_OFFICE_FIGURES, OfficeFigures
from portal.dashboard.office_figures import office_figures
from portal.dashboard.presentation_office import OfficeRates, office_rates
from portal.dashboard.timing import add_months, day_start


@dataclass(frozen=True)
class MonthlyRow:
    """One department's line of the report."""

    rank: int
    department_id: int | None  # None: the total line
    name: str
    received: int
    on_time_rate: float | None  # 按时答复率
    late_open: int  # 超期未答复, counted against it
    office: OfficeFigures
    rates: OfficeRates

    @property
    def counts(self):
        return self.office.counts


@dataclass(frozen=True)
class MonthlyReport:
    month: date  # its first day
    generated_at: datetime
    rows: list[MonthlyRow]  # ranked
    total: MonthlyRow


def _sort_key(row: MonthlyRow):
    keys = (row.on_time_rate, row.rates.callback_satisfaction, row.rates.sign_on_time)
    # Missing rates after every known one; higher rates first.
    return (*((value is None, -(value or 0)) for value in keys), row.name)


def _row(*, name, pk, counts: RateCounts, office: OfficeFigures) -> MonthlyRow:
    return MonthlyRow(
        rank=0,
        department_id=pk,
        name=name,
        received=counts.received,
        on_time_rate=rates.on_time_rate(counts),
        late_open=counts.late_open,
        office=office,
        rates=office_rates(office),
    )


def monthly_report(
    *, department_ids: list[int] | None, month: date, now: datetime
) -> MonthlyReport:
    """The report of `month` for these departments (None: all), ranked."""
    start, end = day_start(month), day_start(add_months(month, 1))
    departments = department_selectors.department_rows(department_ids=department_ids)
    ids = [department["id"] for department in departments]
    received = statistics.received_rate_counts(
        department_ids=ids, start=start, end=end, now=now
    )
    office = office_figures(
        department_ids=ids,
        start=start,
        end=end,
        now=now,
        received={pk: counts.received for pk, counts in received.items()},
        escalations=True,
    )
    rows = []
    for department in departments:
        pk = department["id"]
        if not department["is_active"] and pk not in received and pk not in office:
            continue
        rows.append(
            _row(
                name=department["name"],
                pk=pk,
                counts=received.get(pk, RateCounts()),
                office=office.get(pk, NO_OFFICE_FIGURES),
            )
        )
    rows.sort(key=_sort_key)
    ranked, previous = [], None
    for position, row in enumerate(rows, start=1):
        rank = position
        if previous is not None and _sort_key(previous)[:-1] == _sort_key(row)[:-1]:
            rank = ranked[-1].rank
        ranked.append(replace(row, rank=rank))
        previous = row
    total = _row(
        name="合计",
        pk=None,
        counts=RateCounts.total(received.values()),
        office=sum(office.values(), NO_OFFICE_FIGURES),
    )
    return MonthlyReport(month=month, generated_at=now, rows=ranked, total=total)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


# The report's columns, shared by the page and the workbook: header, cell.
COLUMNS = [
    ("排名", lambda r: r.rank or ""),
    ("部门", lambda r: r.name),
    ("受理量", lambda r: r.received),
    ("签收及时率", lambda r: percent(r.rates.sign_on_time)),
    ("按时答复率", lambda r: percent(r.on_time_rate)),
    ("超期未答复", lambda r: r.late_open),
    ("退单", lambda r: r.counts.sent_back),
    ("退单率", lambda r: percent(r.rates.returns)),
    ("重办率", lambda r: percent(r.rates.redo)),
    ("回访率", lambda r: percent(r.rates.callback)),
    ("回访满意率", lambda r: percent(r.rates.callback_satisfaction)),
    (
        "平均办理用时（工作日）",
        lambda r: "—" if r.rates.handling_average is None else r.rates.handling_average,
    ),
    ("催办", lambda r: r.counts.urges),
    ("督办", lambda r: r.counts.supervisions),
    ("通报", lambda r: r.counts.reports),
    ("协办", lambda r: r.counts.co_invited),
    ("协办按时答复", lambda r: r.counts.co_on_time),
    ("协办按时率", lambda r: percent(r.rates.co_on_time)),
]


def report_cells(report: MonthlyReport) -> tuple[list[str], list[list], list]:
    """(headers, ranked rows, total row) as printed values."""
    headers = [header for header, _cell in COLUMNS]
    rows = [[cell(row) for _header, cell in COLUMNS] for row in report.rows]
    total = [cell(report.total) for _header, cell in COLUMNS]
    return headers, rows, total
