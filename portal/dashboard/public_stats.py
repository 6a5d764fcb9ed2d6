"""数据公开: the public statistics, per active department and for the city.

Counts and rates of the cases received in a year (`cases.statistics`, `rates`),
and the satisfaction rate and impression average of the ratings given in it
(`feedback_figures`). No personal data: department ids and names and counts only.
"""

from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone

from cases import statistics
from cases.statistics import RateCounts
from departments import selectors as department_selectors
from portal.dashboard import feedback_figures, rates
from portal.dashboard.figures import NO_OFFICE_FIGURES, OfficeFigures
from portal.dashboard.office_figures import office_figures
from portal.dashboard.presentation_office import office_rates, office_totals
from portal.dashboard.selectors import cache_key
from portal.dashboard.timing import day_start

PUBLIC_CACHE_SECONDS = 300


def public_stats(*, year: int, now: datetime) -> dict:
    """数据公开: per active department and for the city, cases received in `year`,
    how many are answered, the 按时答复率 and 办结率 of those (`rates`; a case
    unanswered past due at `now` counts as late), and the satisfaction rate and
    impression average of the ratings given in `year`, and the 12345 office's
    rates (`office_figures`). No personal data: department ids and names and
    counts only. Ten queries."""
    departments = list(department_selectors.department_list().values("id", "name"))
    ids = [department["id"] for department in departments]
    start, end = day_start(date(year, 1, 1)), day_start(date(year + 1, 1, 1))
    rows = statistics.received_rate_counts(
        department_ids=ids, start=start, end=end, now=now
    )
    satisfaction = feedback_figures.satisfaction_by_department(
        department_ids=ids, start=start, end=end
    )
    impressions = feedback_figures.impressions_by_department(
        department_ids=ids, start=start, end=end
    )
    office = office_figures(
        department_ids=ids,
        start=start,
        end=end,
        now=now,
        received={pk: counts.received for pk, counts in rows.items()},
    )
    listed = []
    for department in departments:
        pk = department["id"]
        row = rows.get(pk, RateCounts())
        rated = (satisfaction or {}).get(pk, {})
        impression = (impressions or {}).get(pk, {})
        listed.append(
            {
                "id": pk,
                "name": department["name"],
                **_public_counts(row),
                "satisfaction_rate": rated.get("rate"),
                "impression_average": impression.get("average"),
                **_office_rates(office.get(pk, NO_OFFICE_FIGURES)),
            }
        )
    city_impressions = [i for i in (impressions or {}).values() if i["count"]]
    return {
        "year": year,
        "city": {
            **_public_counts(RateCounts.total(rows.values())),
            "satisfaction_rate": rates.satisfaction_rate((satisfaction or {}).values()),
            "impression_average": weighted_average(city_impressions),
            **_office_rates(office_totals(office)),
        },
        "departments": listed,
    }


def _public_counts(counts: RateCounts) -> dict:
    return {
        "received": counts.received,
        "answered": counts.answered,
        "overdue_unanswered": counts.late_open,
        "on_time_rate": rates.on_time_rate(counts),
        "closure_rate": rates.closure_rate(counts),
    }


def _office_rates(figures: OfficeFigures) -> dict:
    shown = office_rates(figures)
    return {
        "sign_on_time_rate": shown.sign_on_time,
        "returned": figures.counts.sent_back,
        "return_rate": shown.returns,
        "redo_rate": shown.redo,
        "callback_rate": shown.callback,
        "callback_satisfaction_rate": shown.callback_satisfaction,
        "average_handling_workdays": shown.handling_average,
        "co_handling_on_time_rate": shown.co_on_time,
    }


def cached_public_stats(*, year: int) -> dict:
    """`public_stats`, cached for five minutes."""
    key = cache_key("public", year)
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
