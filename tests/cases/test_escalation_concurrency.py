"""Two escalation runs at once, each on its own PostgreSQL connection, write each
rung once: the Escalation row's unique key decides, the loser takes no step."""

import threading
from datetime import datetime

import pytest
from django.db import connection

from cases import escalation
from cases.models import Case, CaseEvent, Escalation
from kernel.workdays import SHANGHAI
from tests.cases.helpers import run_in_threads, submit_case

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 10, 20, 10, 0, tzinfo=SHANGHAI)
OVERDUE = datetime(2026, 9, 30, 23, 59, 59, tzinfo=SHANGHAI)


def test_two_runs_at_once_write_each_rung_once(department_a, officer_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are proven on PostgreSQL (CI); SQLite serialises")
    cases = [submit_case(department=department_a).case for _ in range(6)]
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(
        status=Case.Status.ACCEPTED, due_at=OVERDUE, assignee=officer_a
    )
    start = threading.Barrier(2)
    taken = []

    def a_run():
        start.wait()
        taken.append(escalation.escalation_run(now=NOW))

    assert run_in_threads(a_run, 2) == []

    # 督办 and 通报 for each case, between the two runs.
    assert sum(run["handling_supervise"] for run in taken) == 6
    assert sum(run["handling_report"] for run in taken) == 6
    assert Escalation.objects.count() == 12
    ladder = CaseEvent.objects.filter(action__in=["supervise", "report"])
    assert ladder.count() == 12
    assert set(ladder.values_list("case_id", "action").distinct()) == {
        (case.pk, action) for case in cases for action in ("supervise", "report")
    }
