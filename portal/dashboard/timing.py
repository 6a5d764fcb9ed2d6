"""Periods in Asia/Shanghai and durations in working days, for the dashboard.

A duration in working days needs the holiday calendar, which the database does not
have. The dashboard therefore lets the database group answered cases by (day
submitted, day answered) and counts working days per group here with
`workdays_from_to`: running counts per year, worked out once per process, make
each group one subtraction however many cases it holds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from django.conf import settings

from kernel.workdays import SHANGHAI, is_workday


def local_date(moment: datetime) -> date:
    """The Asia/Shanghai calendar day of an aware moment."""
    return moment.astimezone(SHANGHAI).date()


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in Asia/Shanghai, aware."""
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_months(today: date, count: int = 12) -> list[date]:
    """First days of the last `count` months, oldest first, ending with this one."""
    return [add_months(today, offset) for offset in range(1 - count, 1)]


def _running_workdays(year: int) -> tuple[int, ...]:
    """Working days from 1 January of `year` up to and including each of its days.

    The holiday calendar of a year never changes within a process (it comes with
    the installed chinese_calendar and the WORKDAY_CALENDAR_FILE read at start),
    so each year is worked out once per calendar file.
    """
    return _running_workdays_for(year, str(settings.WORKDAY_CALENDAR_FILE))


@cache
def _running_workdays_for(year: int, calendar_file: str) -> tuple[int, ...]:
    running, count = [], 0
    day = date(year, 1, 1)
    while day.year == year:
        count += is_workday(day)
        running.append(count)
        day += timedelta(days=1)
    return tuple(running)


def workdays_from_to(start: date, end: date) -> int:
    """Working days in (start, end], like `kernel.workdays.workdays_between` on
    whole days (a case answered on the day it arrived took 0), in O(1) per pair
    once a year is known: the dashboard calls it for thousands of day pairs."""
    if end < start:
        return -workdays_from_to(end, start)
    count = _day_count(end) - _day_count(start)
    for year in range(start.year, end.year):
        count += _running_workdays(year)[-1]
    return count


def _day_count(day: date) -> int:
    return _running_workdays(day.year)[day.timetuple().tm_yday - 1]


@dataclass(frozen=True)
class Durations:
    """How long cases took, in working days."""

    count: int
    average: float | None  # None: no case
    p90: int | None


def duration_summary(durations: Counter[int]) -> Durations:
    """Count, mean and 90th percentile of durations given as {days: how many}.

    The 90th percentile is the nearest-rank one: the smallest duration that at
    least 90% of the cases did not exceed.
    """
    count = sum(durations.values())
    if not count:
        return Durations(count=0, average=None, p90=None)
    total = sum(days * n for days, n in durations.items())
    rank = math.ceil(0.9 * count)
    seen = 0
    p90 = None
    for days in sorted(durations):
        seen += durations[days]
        if seen >= rank:
            p90 = days
            break
    return Durations(count=count, average=round(total / count, 1), p90=p90)


def merge_counters(counters: Iterable[Counter[int]]) -> Counter[int]:
    merged: Counter[int] = Counter()
    for counter in counters:
        merged.update(counter)
    return merged
