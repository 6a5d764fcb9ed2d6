"""The 协办 figures each co-handling department is counted in, the 分配给我 count
of the 待办, and the overdue mark of the case page's co-handling rows."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import selectors_team, services, todo
from cases.admin.inlines_team import CoHandlingInline
from cases.models import Case, CoHandling
from tests.cases.helpers import submit_case
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
Status = Case.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = datetime(2026, 11, 1, tzinfo=SHANGHAI)
DECEMBER = datetime(2026, 12, 1, tzinfo=SHANGHAI)


def _row(case, department, *, invited_at, answered_after=None, days=3):
    due_at = invited_at + timedelta(days=days)
    return CoHandling.objects.create(
        case=case,
        department=department,
        invited_at=invited_at,
        due_at=due_at,
        answered_at=invited_at + answered_after if answered_after else None,
        opinion="已核实" if answered_after else "",
    )


def test_the_figures_count_invited_answered_and_on_time_per_department(
    department_a, department_b
):
    department_c = DepartmentFactory()
    cases = [submit_case(department=department_a).case for _ in range(4)]
    mid = datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
    _row(cases[0], department_b, invited_at=mid, answered_after=timedelta(days=1))
    _row(cases[1], department_b, invited_at=mid, answered_after=timedelta(days=5))
    _row(cases[2], department_b, invited_at=mid)
    _row(cases[0], department_c, invited_at=mid, answered_after=timedelta(hours=2))
    # Invited in October: another month's figures.
    _row(cases[3], department_b, invited_at=NOVEMBER - timedelta(days=1))

    with CaptureQueriesContext(connection) as queries:
        figures = selectors_team.co_handling_figures(
            department_ids=None, since=NOVEMBER, until=DECEMBER
        )

    assert len(queries) == 1
    assert figures == {
        department_b.pk: {"invited": 3, "answered": 2, "answered_on_time": 1},
        department_c.pk: {"invited": 1, "answered": 1, "answered_on_time": 1},
    }
    assert selectors_team.co_handling_figures(
        department_ids=[department_c.pk], since=NOVEMBER, until=DECEMBER
    ) == {department_c.pk: {"invited": 1, "answered": 1, "answered_on_time": 1}}


def test_the_todo_counts_the_cases_in_hand_assigned_to_the_user(
    department_a, head_a, officer_a
):
    assigned = [submit_case(department=department_a).case for _ in range(3)]
    for case in assigned:
        services.case_assign(case=case, actor=head_a, assignee=officer_a)
    Case.objects.filter(pk=assigned[0].pk).update(status=Status.CLOSED)

    counts = todo.todo_counts(user=officer_a, now=datetime.now(tz=SHANGHAI))

    assert counts["assigned"] == 2
    assert todo.todo_counts(user=head_a, now=datetime.now(tz=SHANGHAI))["assigned"] == 0


@pytest.mark.parametrize(
    ("answered_after", "now_after", "mark"),
    [
        (None, timedelta(days=1), "—"),
        (None, timedelta(days=4), "已超期"),
        (timedelta(days=1), timedelta(days=9), "—"),
        (timedelta(days=5), timedelta(days=9), "逾期答复"),
    ],
)
def test_the_co_handling_row_marks_a_passed_time_limit(
    freeze_now, department_a, department_b, answered_after, now_after, mark
):
    invited_at = datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
    case = submit_case(department=department_a).case
    row = _row(case, department_b, invited_at=invited_at, answered_after=answered_after)
    freeze_now(invited_at + now_after)

    shown = CoHandlingInline(Case, admin.site).overdue(row)

    assert mark in shown
