"""Tests for kernel.workdays around the 2026 National Day holiday and 2027."""

import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from kernel import workdays
from kernel.workdays import SHANGHAI, add_workdays, is_workday, workdays_between


@pytest.fixture(autouse=True)
def fresh_warning_memory(monkeypatch):
    monkeypatch.setattr(workdays, "_warned_years", set())


def shanghai(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def end_of(day):
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 9, 19), False),  # Ordinary Saturday.
        (date(2026, 9, 20), True),  # Sunday worked to make up for National Day.
        (date(2026, 9, 21), True),  # Ordinary Monday.
        (date(2026, 10, 1), False),  # National Day.
        (date(2026, 10, 7), False),  # Last day of the holiday.
        (date(2026, 10, 8), True),  # Back to work (chinese_calendar 1.11.0).
        (date(2026, 10, 10), True),  # Saturday worked to make up for it.
        (date(2026, 10, 11), False),  # Ordinary Sunday.
    ],
)
def test_it_follows_the_2026_national_day_schedule(day, expected):
    assert is_workday(day) is expected


def test_it_falls_back_to_monday_to_friday_for_uncovered_years():
    assert is_workday(date(2027, 1, 1)) is True  # A Friday; data not published.
    assert is_workday(date(2027, 1, 2)) is False
    assert is_workday(date(2027, 1, 3)) is False


def test_it_warns_once_per_uncovered_year_without_dates(caplog):
    with caplog.at_level(logging.WARNING, logger="kernel.workdays"):
        for offset in range(10):
            is_workday(date(2027, 3, 1) + timedelta(days=offset))
        is_workday(date(2028, 3, 1))

    assert [record.args for record in caplog.records] == [(2027,), (2028,)]


def test_a_case_submitted_before_national_day_is_due_after_the_holiday():
    due = add_workdays(start=shanghai(2026, 9, 30, 10, 0), days=1)

    assert due == end_of(date(2026, 10, 8))


def test_make_up_saturdays_count_as_working_days():
    due = add_workdays(start=shanghai(2026, 9, 30, 10, 0), days=3)

    assert due == end_of(date(2026, 10, 10))


def test_a_make_up_sunday_counts_after_a_friday_submission():
    due = add_workdays(start=shanghai(2026, 9, 18, 16, 0), days=1)

    assert due == end_of(date(2026, 9, 20))


def test_a_weekend_submission_is_due_after_the_weekend():
    friday = add_workdays(start=shanghai(2026, 6, 5, 9, 0), days=1)
    saturday = add_workdays(start=shanghai(2026, 6, 6, 23, 0), days=1)

    assert friday == saturday == end_of(date(2026, 6, 8))


def test_the_submission_day_never_counts_even_on_a_working_day():
    assert add_workdays(start=shanghai(2026, 6, 8, 0, 0), days=1) == end_of(
        date(2026, 6, 9)
    )


def test_days_are_those_of_shanghai_not_utc():
    just_before_midnight = datetime(2026, 10, 8, 15, 59, tzinfo=UTC)
    just_after_midnight = datetime(2026, 10, 8, 16, 0, tzinfo=UTC)

    assert add_workdays(start=just_before_midnight, days=1) == end_of(date(2026, 10, 9))
    assert add_workdays(start=just_after_midnight, days=1) == end_of(date(2026, 10, 10))


def test_it_returns_an_aware_shanghai_datetime():
    due = add_workdays(start=datetime(2026, 9, 1, tzinfo=UTC), days=2)

    assert due.tzinfo is SHANGHAI
    assert due.utcoffset() == timedelta(hours=8)


def test_zero_days_means_the_end_of_the_first_working_day_from_submission():
    assert add_workdays(start=shanghai(2026, 10, 3, 12, 0), days=0) == end_of(
        date(2026, 10, 8)
    )
    assert add_workdays(start=shanghai(2026, 10, 9, 12, 0), days=0) == end_of(
        date(2026, 10, 9)
    )


def test_due_dates_in_2027_use_the_monday_to_friday_fallback():
    due = add_workdays(start=shanghai(2026, 12, 31, 9, 0), days=2)

    assert due == end_of(date(2027, 1, 4))


def test_it_rejects_naive_datetimes_and_negative_days():
    with pytest.raises(ValueError):
        add_workdays(start=datetime(2026, 10, 8, 9, 0), days=1)
    with pytest.raises(ValueError):
        add_workdays(start=shanghai(2026, 10, 8, 9, 0), days=-1)
    with pytest.raises(ValueError):
        workdays_between(start=datetime(2026, 10, 8), end=shanghai(2026, 10, 9))


def test_workdays_between_counts_working_days_after_the_start_day():
    start = shanghai(2026, 9, 30, 10, 0)
    end = shanghai(2026, 10, 10, 9, 0)

    assert workdays_between(start=start, end=end) == 3
    assert workdays_between(start=end, end=start) == -3
    assert workdays_between(start=start, end=shanghai(2026, 9, 30, 23, 0)) == 0


def test_workdays_between_inverts_add_workdays():
    start = shanghai(2026, 9, 15, 14, 30)

    for days in range(1, 30):
        due = add_workdays(start=start, days=days)
        assert workdays_between(start=start, end=due) == days
