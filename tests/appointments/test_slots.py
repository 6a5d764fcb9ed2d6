"""The slots of a day (appointments/slots.py): sessions cut into slots, closures
taken away, no slot on a holiday, Monday's sessions on a make-up Saturday."""

from datetime import date, time

import pytest

from appointments import slots
from kernel.workdays import SHANGHAI

WEEK = [(day, time(9), time(11, 30)) for day in range(5)] + [
    (day, time(13, 30), time(17)) for day in range(4)
]  # Friday afternoons closed


def _times(day, closures=(), minutes=30):
    return [
        f"{slot.starts_at:%H:%M}"
        for slot in slots.day_slots(
            sessions=WEEK, closures=closures, slot_minutes=minutes, day=day
        )
    ]


def test_a_session_is_cut_into_whole_slots_and_a_short_rest_is_not_offered():
    # Monday 7 December 2026; 45-minute slots leave 09:00–11:15 and 13:30–16:30.
    assert _times(date(2026, 12, 7), minutes=45) == [
        "09:00",
        "09:45",
        "10:30",
        "13:30",
        "14:15",
        "15:00",
        "15:45",
    ]


def test_each_weekday_opens_with_its_own_sessions():
    assert len(_times(date(2026, 12, 7))) == 12  # Monday: 5 + 7
    assert _times(date(2026, 12, 11))[-1] == "11:00"  # Friday: mornings only


def test_slots_are_aware_times_in_shanghai():
    first = slots.day_slots(
        sessions=WEEK, closures=(), slot_minutes=30, day=date(2026, 12, 7)
    )[0]
    assert first.starts_at.tzinfo == SHANGHAI
    assert first.starts_at.utcoffset().total_seconds() == 8 * 3600


@pytest.mark.parametrize(
    "day",
    [date(2026, 10, 1), date(2026, 10, 5), date(2026, 10, 7), date(2026, 12, 12)],
    ids=[
        "national-day-thursday",
        "national-day-monday",
        "last-day-off",
        "plain-saturday",
    ],
)
def test_no_slot_on_a_public_holiday_or_a_weekend(day):
    assert _times(day) == []


def test_a_make_up_saturday_opens_with_mondays_sessions():
    # 10 October 2026 is worked in exchange for National Day (调休).
    assert _times(date(2026, 10, 10)) == _times(date(2026, 12, 7))
    assert _times(date(2026, 10, 9))[-1] == "11:00"  # the Friday before: Friday's


def test_the_first_working_day_after_national_day_opens(settings, tmp_path):
    assert _times(date(2026, 10, 8))[0] == "09:00"


def test_a_day_the_city_declares_off_in_the_calendar_file_has_no_slot(
    settings, tmp_path
):
    calendar = tmp_path / "workdays.txt"
    calendar.write_text("2026-12-08 休  # 本地停办\n", encoding="utf-8")
    settings.WORKDAY_CALENDAR_FILE = str(calendar)
    assert _times(date(2026, 12, 8)) == []
    assert _times(date(2026, 12, 9)) != []


def test_a_closure_takes_away_the_slots_it_overlaps():
    day = date(2026, 12, 7)
    remaining = _times(day, closures=[(time(10, 15), time(14))])
    assert remaining == [
        "09:00",
        "09:30",
        "14:00",
        "14:30",
        "15:00",
        "15:30",
        "16:00",
        "16:30",
    ]


def test_a_whole_day_closure_leaves_nothing():
    assert _times(date(2026, 12, 7), closures=[(None, None)]) == []
