"""Working-day arithmetic for case due dates in mainland China.

Working days follow the State Council holiday schedule via ``chinese_calendar``:
public holidays are skipped and make-up working days (调休, e.g. a Saturday
worked before National Day) count as working days.

Limitation: ``chinese_calendar`` only knows the years it was released with
(1.11.0 covers 2004-2026). The schedule for a year is published each
November/December, so upgrade the package then. Until a release has it, the
city enters the published days in the file WORKDAY_CALENDAR_FILE names (one
``YYYY-MM-DD 休`` or ``YYYY-MM-DD 班`` per line); those days win over the
package, which also lets the city add a local closure. For a year neither
covers, this module falls back to plain Monday-Friday and logs one warning per
year.

All day boundaries are those of Asia/Shanghai, whatever the server's zone.

Rules:

* ``add_workdays``: a case submitted at any moment of calendar day D is due at
  the end of the Nth working day after D; D itself never counts, even when it
  is a working day. "End of day" is 23:59:59.999999 Asia/Shanghai, so the due
  moment displays as that day and ``now > due`` means overdue. ``days=0``
  means the end of the first working day on or after D (same-day items).
* ``workdays_between``: the number of working days strictly after start's day
  up to and including end's day, so it inverts ``add_workdays`` and an item
  closed on the day it arrived took 0 working days.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time.max  # 23:59:59.999999

_warned_years: set[int] = set()
_warned_lock = threading.Lock()


# "2027-01-01 休  # 元旦": a date, 休 (day off) or 班 (working day), a comment.
_CALENDAR_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(休|班)\s*(?:#.*)?$")


def is_workday(day: date) -> bool:
    """Return whether ``day`` is a working day in mainland China.

    Days in WORKDAY_CALENDAR_FILE win; then ``chinese_calendar``; then
    Monday-Friday for a year neither covers.
    """
    overrides, years = calendar_overrides()
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in years:
            _warn_uncovered_year(day.year)
        return day.weekday() < 5


def calendar_overrides() -> tuple[dict[date, bool], frozenset[int]]:
    """The days of WORKDAY_CALENDAR_FILE (date -> is a working day) and the years
    they cover; empty without the setting. Read once per file and process."""
    path = getattr(settings, "WORKDAY_CALENDAR_FILE", "")
    return _read_calendar(str(path)) if path else ({}, frozenset())


@functools.cache
def _read_calendar(path: str) -> tuple[dict[date, bool], frozenset[int]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ImproperlyConfigured(f"WORKDAY_CALENDAR_FILE {path}: {error}") from error
    days: dict[date, bool] = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _CALENDAR_LINE.match(line)
        try:
            day = date.fromisoformat(match[1]) if match else None
        except ValueError:
            day = None
        if day is None:
            raise ImproperlyConfigured(
                f"WORKDAY_CALENDAR_FILE {path}, line {number}: expected "
                f"'YYYY-MM-DD 休' or 'YYYY-MM-DD 班', got {line!r}"
            )
        days[day] = match[2] == "班"
    return days, frozenset(day.year for day in days)


def add_workdays(*, start: datetime, days: int) -> datetime:
    """Return the due moment ``days`` working days after ``start``.

    ``start`` must be timezone-aware; the result is aware, in Asia/Shanghai, at
    23:59:59.999999 of the due day (see the module docstring for the rule).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    path = str(getattr(settings, "WORKDAY_CALENDAR_FILE", "") or "")
    return datetime.combine(
        _due_day(_local_date(start), days, path), END_OF_DAY, tzinfo=SHANGHAI
    )


@functools.lru_cache(maxsize=4096)
def _due_day(day: date, days: int, calendar_path: str) -> date:
    # Every submission and extension asks this of a few dates (today, mostly);
    # the calendar file is read once per path too (_read_calendar), so it is
    # keyed by it, and a test that names another file gets its own answers.
    if days == 0:
        while not is_workday(day):
            day += timedelta(days=1)
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(*, start: datetime, end: datetime) -> int:
    """Count working days in (start's day, end's day], in Asia/Shanghai.

    Whole days only: the time of day is ignored. Negative when ``end`` is
    before ``start``. ``workdays_between(start=s, end=add_workdays(start=s,
    days=n)) == n`` for every ``n >= 1``.
    """
    first, last = _local_date(start), _local_date(end)
    if last < first:
        return -workdays_between(start=end, end=start)
    count = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        count += is_workday(day)
    return count


# --- Working hours ----------------------------------------------------------
#
# Short limits (签收 within 4 working hours, an urgent case the same day, 催办 24
# working hours before the deadline) count office hours on working days only:
# WORKDAY_HOURS, e.g. "09:00-12:00,13:00-17:00", in Asia/Shanghai. A moment
# outside office hours counts from the next opening.

_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def office_windows() -> tuple[tuple[time, time], ...]:
    """The day's office windows from WORKDAY_HOURS, in order."""
    return _parse_windows(getattr(settings, "WORKDAY_HOURS", "09:00-12:00,13:00-17:00"))


@functools.cache
def _parse_windows(text: str) -> tuple[tuple[time, time], ...]:
    windows = []
    for part in text.split(","):
        match = _HOURS.match(part.strip())
        if not match:
            raise ImproperlyConfigured(
                f"WORKDAY_HOURS: expected 'HH:MM-HH:MM[,HH:MM-HH:MM]', got {text!r}"
            )
        start = time(int(match[1]), int(match[2]))
        end = time(int(match[3]), int(match[4]))
        if end <= start or (windows and start < windows[-1][1]):
            raise ImproperlyConfigured(
                f"WORKDAY_HOURS: windows out of order in {text!r}"
            )
        windows.append((start, end))
    return tuple(windows)


def _working_spans(start: datetime):
    """(span start, span end) of office hours from `start` on, in Asia/Shanghai."""
    local = start.astimezone(SHANGHAI)
    day = local.date()
    while True:
        if is_workday(day):
            for opens, closes in office_windows():
                span_start = datetime.combine(day, opens, tzinfo=SHANGHAI)
                span_end = datetime.combine(day, closes, tzinfo=SHANGHAI)
                if span_end <= local:
                    continue
                yield max(span_start, local), span_end
        day += timedelta(days=1)


def add_working_hours(*, start: datetime, hours: float) -> datetime:
    """The moment `hours` office hours after `start` (aware, Asia/Shanghai).
    A limit that ends exactly at closing time ends then, not at the next opening."""
    _local_date(start)
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = timedelta(hours=hours)
    for span_start, span_end in _working_spans(start):
        if remaining <= span_end - span_start:
            return span_start + remaining
        remaining -= span_end - span_start
    raise AssertionError("unreachable")  # pragma: no cover


def working_hours_between(*, start: datetime, end: datetime) -> float:
    """Office hours in [start, end); negative when `end` is before `start`."""
    _local_date(start)
    _local_date(end)
    if end < start:
        return -working_hours_between(start=end, end=start)
    total = timedelta()
    for span_start, span_end in _working_spans(start):
        if span_start >= end:
            break
        total += min(span_end, end) - span_start
    return total.total_seconds() / 3600


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive datetime could be in any zone; guessing would shift due dates.
        raise ValueError("Expected a timezone-aware datetime")
    return moment.astimezone(SHANGHAI).date()


def _warn_uncovered_year(year: int) -> None:
    with _warned_lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    logger.warning(
        "chinese_calendar has no holiday data for %s; counting Monday-Friday "
        "as working days. Upgrade chinese_calendar.",
        year,
    )
