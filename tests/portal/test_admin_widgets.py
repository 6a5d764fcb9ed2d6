"""How back-office lists write moments, deadlines and departments: short, so that a
list fits an office screen, and never less exact than the value."""

from datetime import datetime

from kernel.admin_widgets import department_abbr, due_day, short_moment
from kernel.workdays import SHANGHAI
from tests.factories import DepartmentFactory


def test_a_moment_is_written_to_the_minute_in_shanghai_time():
    assert short_moment(datetime(2026, 11, 16, 6, 59, 30, tzinfo=SHANGHAI)) == (
        "2026-11-16 06:59"
    )
    assert short_moment(None) == "—"


def test_a_working_day_deadline_is_written_as_its_day():
    end_of_day = datetime(2026, 11, 27, 23, 59, 59, 999999, tzinfo=SHANGHAI)

    assert due_day(end_of_day) == "2026-11-27"


def test_a_deadline_at_another_time_keeps_its_time():
    assert due_day(datetime(2026, 11, 27, 15, 30, tzinfo=SHANGHAI)) == (
        "2026-11-27 15:30"
    )
    assert due_day(None) == "—"


def test_a_department_goes_by_its_short_name_with_the_full_name_as_title(db):
    department = DepartmentFactory(name="劳动和社会保障局", short_name="人社局")

    assert department_abbr(department) == '<abbr title="劳动和社会保障局">人社局</abbr>'


def test_a_department_without_a_short_name_goes_by_its_name(db):
    assert department_abbr(DepartmentFactory(name="财政局", short_name="")) == "财政局"
