"""Every figure of the staff dashboard and of the public statistics.

Counting happens in the database with conditional aggregation, in a fixed number of
queries whatever the number of cases (tests assert the bound). Durations in working
days are the one thing the database cannot do: it groups answered cases by (day
submitted, day answered) and `timing.WorkdayIndex` turns each group into working
days. Results are cached briefly, per scope and filters.

Definitions (docs/dashboard.md): *received* = submitted in the period; *backlog* =
待受理, 已受理 and 已退回待分派; *overdue* and *due soon* as on the case list; the
rates (按时答复率, 办结率, 满意率) and their parts are defined in `rates.py`, the
one home of those rules.
"""

import hashlib
from collections import Counter
from collections.abc import Collection
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from cases.models import Case
from departments import selectors as department_selectors
from departments.models import Department
from portal.dashboard import feedback_figures, queries, rates
from portal.dashboard.queries import ANSWERED_STATUSES, BACKLOG_STATUSES, KINDS
from portal.dashboard.rates import rate
from portal.dashboard.timing import (
    day_start,
    duration_summary,
    last_months,
    local_date,
    merge_counters,
    month_start,
    week_start,
)

__all__ = [
    "ANSWERED_STATUSES",
    "BACKLOG_STATUSES",
    "cached_dashboard_figures",
    "cached_public_stats",
    "dashboard_figures",
    "public_stats",
    "rate",
    "scope_departments",
]

DASHBOARD_CACHE_SECONDS = 60
PUBLIC_CACHE_SECONDS = 300


def scope_departments(*, department_ids: Collection[int] | None) -> list[dict]:
    """{"id", "name", "is_active"} of these departments (None: all) in display
    order, closed ones included: their cases still count."""
    departments = Department.objects.order_by("sort_order", "id")
    if department_ids is not None:
        departments = departments.filter(pk__in=sorted(department_ids))
    return list(departments.values("id", "name", "is_active"))


def dashboard_figures(
    *,
    department_ids: Collection[int] | None,
    date_from: date,
    date_to: date,
    now: datetime,
    departments: list[dict] | None = None,
) -> dict:
    """Every figure of the staff dashboard for these departments (None: all).

    Counts "now" (received today/this week/this month, backlog, deadlines,
    open rectifications) ignore the date range; the range [date_from, date_to]
    (Asia/Shanghai days, inclusive) selects by submission the cases behind the
    rates, durations and ranking, and by the day they were given the ratings
    and impressions. Seven queries: the departments (none when the caller passes
    their `scope_departments`), two scans of the cases (queries.py), the service
    type names, three feedback reads.
    """
    today = local_date(now)
    start, end = day_start(date_from), day_start(date_to + timedelta(days=1))
    cases = queries.cases_in(department_ids=department_ids)
    if departments is None:
        departments = scope_departments(department_ids=department_ids)
    ids = [department["id"] for department in departments]
    periods = {
        "today": day_start(today),
        "week": day_start(week_start(today)),
        "month": day_start(month_start(today)),
    }
    months = last_months(today)

    by_department = {pk: _empty_department() for pk in ids}
    received = {name: dict.fromkeys([*KINDS, "total"], 0) for name in periods}
    monthly = [{"month": month, **dict.fromkeys(KINDS, 0)} for month in months]
    by_status = dict.fromkeys(BACKLOG_STATUSES, 0)
    complaints: Counter[int | None] = Counter()
    for row in queries.case_counts(
        cases=cases, now=now, periods=periods, months=months, start=start, end=end
    ):
        counts = by_department.setdefault(row["department_id"], _empty_department())
        rates.add_counts(counts, row)
        for key in ("overdue", "due_soon"):
            counts[key] += row[key]
        if row["status"] in by_status:
            counts["open"] += row["count"]
            by_status[row["status"]] += row["count"]
        for name in periods:
            received[name][row["kind"]] += row[f"since_{name}"]
            received[name]["total"] += row[f"since_{name}"]
        for index, month in enumerate(monthly):
            month[row["kind"]] += row[f"month_{index}"]
        if row["kind"] == Case.Kind.COMPLAINT and row["received"]:
            complaints[row["service_type_id"]] += row["received"]

    replies, closes = queries.answer_days(cases=cases, start=start, end=end)
    for pk, durations in replies.items():
        by_department.setdefault(pk, _empty_department())["reply"] = duration_summary(
            durations
        )
    totals = by_department.values()
    return {
        "today": today,
        "date_from": date_from,
        "date_to": date_to,
        "departments": departments,
        "received": received,
        "backlog": {
            "by_status": by_status,
            "total": sum(by_status.values()),
            "overdue": sum(f["overdue"] for f in totals),
            "due_soon": sum(f["due_soon"] for f in totals),
        },
        "totals": rates.sum_counts(totals),
        "reply": duration_summary(merge_counters(replies.values())),
        "close": duration_summary(closes),
        "by_department": by_department,
        "monthly": monthly,
        "complaint_types": _complaint_types(complaints),
        "satisfaction": feedback_figures.satisfaction_by_department(
            department_ids=ids, start=start, end=end
        ),
        "impressions": feedback_figures.impressions_by_department(
            department_ids=ids, start=start, end=end
        ),
        "rectifications": feedback_figures.rectifications_by_department(
            department_ids=department_ids, now=now
        ),
    }


def _complaint_types(complaints: Counter[int | None]) -> list[dict]:
    """[{"id", "name", "count"}], largest first; id and name None for complaints
    without a service type."""
    names = queries.service_type_names(ids=[pk for pk in complaints if pk])
    rows = [
        {"id": pk, "name": names.get(pk) if pk else None, "count": count}
        for pk, count in complaints.items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], row["name"] or ""))


def _empty_department() -> dict:
    return {
        **rates.empty_counts(),
        "open": 0,
        "overdue": 0,
        "due_soon": 0,
        "reply": duration_summary(Counter()),
    }


def _cache_key(prefix: str, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"dashboard:v1:{prefix}:{digest}"


def cached_dashboard_figures(
    *,
    department_ids: Collection[int] | None,
    date_from: date,
    date_to: date,
    now: datetime,
    departments: list[dict] | None = None,
) -> dict:
    """`dashboard_figures`, cached for a minute per scope, range and day."""
    scope = "all" if department_ids is None else tuple(sorted(department_ids))
    key = _cache_key("staff", scope, date_from, date_to, local_date(now))
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


def public_stats(*, year: int, now: datetime) -> dict:
    """数据公开: per active department and for the city, cases received in `year`,
    how many are answered, the 按时答复率 and 办结率 of those (`rates`; a case
    unanswered past due at `now` counts as late), and the satisfaction rate and
    impression average of the ratings given in `year`. No personal data:
    department ids and names and counts only. Four queries."""
    departments = list(department_selectors.department_list().values("id", "name"))
    ids = [department["id"] for department in departments]
    start, end = day_start(date(year, 1, 1)), day_start(date(year + 1, 1, 1))
    rows = {
        row["department_id"]: row
        for row in queries.range_rows(
            cases=queries.cases_in(department_ids=ids), start=start, end=end, now=now
        )
    }
    satisfaction = feedback_figures.satisfaction_by_department(
        department_ids=ids, start=start, end=end
    )
    impressions = feedback_figures.impressions_by_department(
        department_ids=ids, start=start, end=end
    )
    listed = []
    for department in departments:
        pk = department["id"]
        row = rows.get(pk, rates.empty_counts())
        rated = (satisfaction or {}).get(pk, {})
        impression = (impressions or {}).get(pk, {})
        listed.append(
            {
                "id": pk,
                "name": department["name"],
                **_public_counts(row),
                "satisfaction_rate": rated.get("rate"),
                "impression_average": impression.get("average"),
            }
        )
    city_impressions = [i for i in (impressions or {}).values() if i["count"]]
    return {
        "year": year,
        "city": {
            **_public_counts(rates.sum_counts(rows.values())),
            "satisfaction_rate": rates.satisfaction_rate((satisfaction or {}).values()),
            "impression_average": weighted_average(city_impressions),
        },
        "departments": listed,
    }


def _public_counts(counts: dict) -> dict:
    return {
        "received": counts["received"],
        "answered": counts["answered"],
        "overdue_unanswered": counts["late_open"],
        "on_time_rate": rates.on_time_rate(counts),
        "closure_rate": rates.closure_rate(counts),
    }


def cached_public_stats(*, year: int) -> dict:
    """`public_stats`, cached for five minutes."""
    key = _cache_key("public", year)
    stats = cache.get(key)
    if stats is None:
        stats = public_stats(year=year, now=timezone.now())
        cache.set(key, stats, PUBLIC_CACHE_SECONDS)
    return stats


def weighted_average(summaries: list[dict]) -> float | None:
    """The mean of several {"average", "count"} summaries, weighted by count."""
    count = sum(s["count"] for s in summaries)
    if not count:
        return None
    return round(sum(s["average"] * s["count"] for s in summaries) / count, 2)
