"""When a job is next due.

- `every=timedelta`: the next run is that long after the run that was claimed.
  Runs missed while no runner was up are not caught up: one run, then the
  interval again.
- `daily_at=time`: the next time of day in Asia/Shanghai strictly after the
  moment given, so a run claimed at 08:30:00 is next due at 08:30 the day after,
  and a job whose time passed while no runner was up runs once, at the next start.

Asia/Shanghai has no daylight saving time, so a day is always 24 hours; the code
still builds the local time with zoneinfo so that it stays right if that changes.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def next_due(
    *, every: timedelta | None, daily_at: time | None, after: datetime
) -> datetime:
    """The first due moment strictly after `after` (an aware datetime)."""
    if after.tzinfo is None:
        raise ValueError("next_due needs an aware datetime")
    if every is not None:
        return after + every
    local = after.astimezone(LOCAL_ZONE)
    candidate = datetime.combine(local.date(), daily_at, tzinfo=LOCAL_ZONE)
    if candidate <= local:
        candidate = datetime.combine(
            local.date() + timedelta(days=1), daily_at, tzinfo=LOCAL_ZONE
        )
    return candidate
