"""When a job is next due: intervals, and times of day in Asia/Shanghai."""

from datetime import UTC, datetime, time, timedelta

import pytest

from periodic.schedule import LOCAL_ZONE, next_due


def shanghai(*args):
    return datetime(*args, tzinfo=LOCAL_ZONE)


def test_an_interval_job_is_next_due_one_interval_after_its_run():
    run = datetime(2026, 12, 1, 15, 59, 30, tzinfo=UTC)
    assert next_due(every=timedelta(minutes=1), daily_at=None, after=run) == (
        datetime(2026, 12, 1, 16, 0, 30, tzinfo=UTC)
    )


def test_a_daily_job_before_its_time_is_due_the_same_shanghai_day():
    assert next_due(
        every=None, daily_at=time(8, 30), after=shanghai(2026, 12, 2, 8, 29, 59)
    ) == shanghai(2026, 12, 2, 8, 30)


def test_a_daily_job_run_at_its_time_is_next_due_the_day_after():
    assert next_due(
        every=None, daily_at=time(8, 30), after=shanghai(2026, 12, 2, 8, 30)
    ) == shanghai(2026, 12, 3, 8, 30)


def test_the_day_is_the_shanghai_day_not_the_utc_day():
    # 16:30 UTC on 1 December is 00:30 on 2 December in Shanghai: the 03:00 job
    # is due in two and a half hours, not at 03:00 on the 1st (UTC's date).
    after = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    due = next_due(every=None, daily_at=time(3, 0), after=after)
    assert due == shanghai(2026, 12, 2, 3, 0)
    assert due - after == timedelta(hours=2, minutes=30)


def test_a_midnight_job_just_before_midnight_is_due_at_midnight():
    assert next_due(
        every=None, daily_at=time(0, 0), after=shanghai(2026, 12, 31, 23, 59, 59)
    ) == shanghai(2027, 1, 1, 0, 0)


def test_a_midnight_job_run_at_midnight_is_next_due_the_next_midnight():
    assert next_due(
        every=None, daily_at=time(0, 0), after=shanghai(2027, 1, 1, 0, 0)
    ) == shanghai(2027, 1, 2, 0, 0)


def test_a_job_at_2330_is_due_the_same_evening_after_utc_midnight():
    # 00:10 UTC is 08:10 in Shanghai; the evening job is due at 23:30 that day.
    after = datetime(2026, 12, 2, 0, 10, tzinfo=UTC)
    assert next_due(every=None, daily_at=time(23, 30), after=after) == shanghai(
        2026, 12, 2, 23, 30
    )


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        next_due(every=timedelta(minutes=1), daily_at=None, after=datetime(2026, 1, 1))
