"""Limits counted in office hours (签收 within 4 working hours, 催办 24 working hours
before a deadline): office windows of working days only, holidays and 调休 included."""

from datetime import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from kernel import workdays
from kernel.workdays import SHANGHAI, add_working_hours, working_hours_between


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _office_hours(settings):
    settings.WORKDAY_HOURS = "09:00-12:00,13:00-17:00"


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # Within the morning window.
        ("2026-11-30 09:30", 2, "2026-11-30 11:30"),
        # Over lunch: the hour from 12:00 to 13:00 does not count.
        ("2026-11-30 11:00", 2, "2026-11-30 14:00"),
        # Ending exactly at closing time ends then, not at the next opening.
        ("2026-11-30 13:00", 4, "2026-11-30 17:00"),
        # After hours: counting starts at the next opening.
        ("2026-11-30 20:00", 1, "2026-12-01 10:00"),
        # Friday afternoon to Monday: the weekend does not count.
        ("2026-12-04 16:00", 4, "2026-12-07 12:00"),
        # National Day: 2026-10-01..07 are holidays.
        ("2026-09-30 16:00", 2, "2026-10-08 10:00"),
        # A whole 7-hour day, three times.
        ("2026-11-30 09:00", 21, "2026-12-02 17:00"),
    ],
)
def test_working_hours_skip_nights_lunch_weekends_and_holidays(start, hours, due):
    assert add_working_hours(start=at(start), hours=hours) == at(due)


def test_a_make_up_working_saturday_counts():
    # 2026-09-20 (Sunday) is a make-up working day before National Day.
    assert workdays.is_workday(at("2026-09-20 10:00").date())
    assert add_working_hours(start=at("2026-09-19 10:00"), hours=1) == at(
        "2026-09-20 10:00"
    )


def test_hours_between_inverts_adding_them():
    start = at("2026-12-04 15:30")
    for hours in (0.5, 1, 4, 7, 24):
        end = add_working_hours(start=start, hours=hours)
        assert working_hours_between(start=start, end=end) == pytest.approx(hours)
    assert (
        working_hours_between(start=at("2026-12-05 10:00"), end=at("2026-12-06 18:00"))
        == 0
    )
    assert (
        working_hours_between(start=at("2026-12-07 10:00"), end=at("2026-12-04 16:00"))
        == -2
    )


def test_naive_moments_and_bad_office_hours_are_refused(settings):
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_hours(start=datetime(2026, 12, 1, 9), hours=1)
    settings.WORKDAY_HOURS = "17:00-09:00"
    with pytest.raises(ImproperlyConfigured, match="WORKDAY_HOURS"):
        add_working_hours(start=at("2026-12-01 09:00"), hours=1)
