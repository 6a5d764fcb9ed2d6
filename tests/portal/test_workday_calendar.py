"""WORKDAY_CALENDAR_FILE: the city enters days chinese_calendar does not know yet
(next year's holidays, a local closure), and they decide due dates.

The 2027 days below are test data, not the official schedule."""

import logging
from datetime import date, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from kernel import workdays
from kernel.workdays import SHANGHAI, add_workdays, is_workday, workdays_between


@pytest.fixture(autouse=True)
def fresh_warning_memory(monkeypatch):
    monkeypatch.setattr(workdays, "_warned_years", set())


@pytest.fixture
def calendar_file(settings, tmp_path):
    def write(text: str):
        path = tmp_path / f"workdays-{len(list(tmp_path.iterdir()))}.txt"
        path.write_text(text, encoding="utf-8")
        settings.WORKDAY_CALENDAR_FILE = str(path)
        return path

    return write


def end_of(day):
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=SHANGHAI)


def test_a_holiday_entered_for_next_year_moves_the_due_date(calendar_file):
    calendar_file("# 2027 年（测试数据）\n2027-01-01 休  # 元旦\n")
    thursday = datetime(2026, 12, 31, 9, 0, tzinfo=SHANGHAI)

    # Friday 1 January is off, so one working day later is Monday 4 January.
    assert add_workdays(start=thursday, days=1) == end_of(date(2027, 1, 4))


def test_a_make_up_working_day_counts(calendar_file):
    calendar_file("2027-01-09 班\n")

    assert is_workday(date(2027, 1, 9))  # a Saturday
    assert (
        workdays_between(
            start=datetime(2027, 1, 8, tzinfo=SHANGHAI),
            end=datetime(2027, 1, 11, tzinfo=SHANGHAI),
        )
        == 2
    )  # Saturday 9 and Monday 11


def test_a_local_closure_wins_over_chinese_calendar(calendar_file):
    assert is_workday(date(2026, 9, 15))
    calendar_file("2026-09-15 休  # 台风停工\n")

    assert not is_workday(date(2026, 9, 15))


def test_a_year_in_the_file_is_not_reported_as_unknown(calendar_file, caplog):
    calendar_file("2027-01-01 休\n")

    with caplog.at_level(logging.WARNING, logger="kernel.workdays"):
        is_workday(date(2027, 3, 3))
        is_workday(date(2028, 3, 3))

    assert [r.getMessage()[:40] for r in caplog.records] == [
        "chinese_calendar has no holiday data for"
    ]
    assert "2028" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    "line", ["2027-01-01", "2027-02-30 休", "2027/01/01 休", "2027-01-01 放假"]
)
def test_a_bad_line_is_named_with_its_number(calendar_file, line):
    calendar_file(f"# 说明\n2027-01-01 休\n{line}\n")

    with pytest.raises(ImproperlyConfigured, match="line 3"):
        is_workday(date(2027, 1, 4))


@pytest.mark.django_db
def test_manage_py_check_reports_a_bad_or_missing_file(calendar_file, settings):
    calendar_file("2027-01-01 off\n")
    with pytest.raises(SystemCheckError, match=r"portal\.E001"):
        call_command("check")

    settings.WORKDAY_CALENDAR_FILE = "/nonexistent/workdays.txt"
    with pytest.raises(SystemCheckError, match=r"portal\.E001"):
        call_command("check")


def test_the_dashboard_durations_follow_the_file(calendar_file):
    from portal.dashboard.timing import workdays_from_to

    before = workdays_from_to(date(2026, 9, 14), date(2026, 9, 16))
    calendar_file("2026-09-15 休\n")

    assert (before, workdays_from_to(date(2026, 9, 14), date(2026, 9, 16))) == (2, 1)
