"""`escalation_counts`, what the monthly assessment report reads: per department,
the 催办, 督办 and 通报 its cases received in a period, in one query."""

from datetime import datetime

import pytest

from cases import escalation, services
from cases.models import Case
from cases.selectors_escalation import escalation_counts
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
OVERDUE = datetime(2026, 9, 30, 23, 59, 59, tzinfo=SHANGHAI)
OCTOBER = datetime(2026, 10, 1, tzinfo=SHANGHAI)
NOVEMBER = datetime(2026, 11, 1, tzinfo=SHANGHAI)


def overdue_case(department, officer):
    case = submit_case(department=department).case
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.ACCEPTED, due_at=OVERDUE, assignee=officer
    )
    return case


def test_it_counts_each_rung_per_department_in_the_period(
    department_a, department_b, officer_a, supervisor, django_assert_num_queries
):
    overdue_case(department_a, officer_a)
    overdue_case(department_a, officer_a)
    later = overdue_case(department_a, officer_a)
    escalation.escalation_run(now=datetime(2026, 10, 20, 10, tzinfo=SHANGHAI))
    # A supervisor's 催办 in November counts in November only.
    services.case_urge(
        case=later,
        actor=supervisor,
        note="请加快办理",
        now=datetime(2026, 11, 5, 10, tzinfo=SHANGHAI),
    )

    with django_assert_num_queries(1):
        counts = escalation_counts(
            department_ids=[department_a.pk, department_b.pk],
            since=OCTOBER,
            until=NOVEMBER,
        )

    assert counts == {
        department_a.pk: {"urge": 0, "supervise": 3, "report": 3},
        department_b.pk: {"urge": 0, "supervise": 0, "report": 0},
    }
    assert escalation_counts(department_ids=None, since=NOVEMBER) == {
        department_a.pk: {"urge": 1, "supervise": 0, "report": 0}
    }
    assert escalation_counts(department_ids=[]) == {}
