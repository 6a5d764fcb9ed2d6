"""Two staff act on one case at the same moment: the case's lock makes one wait
for the other, so a department answers once, and a reassignment names the
officer the other assignment had just set."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection

from cases import services
from cases.models import Case, CaseEvent, CoHandling
from departments import services as department_services
from tests.cases.helpers import run_in_threads, submit_case

pytestmark = pytest.mark.django_db(transaction=True)
Status = Case.Status


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: proven on PostgreSQL (CI)")


def _at_once(*calls):
    """Run each call in its own thread, all released together; what they raised."""
    start = threading.Barrier(len(calls), timeout=30)
    pending = list(calls)
    lock = threading.Lock()

    def run():
        with lock:
            call = pending.pop()
        start.wait()
        call()

    return run_in_threads(run, len(calls))


def test_two_answers_at_once_store_one_opinion(department_a, department_b, officer_b):
    case = submit_case(department=department_a).case
    Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED)
    CoHandling.objects.create(
        case=case,
        department=department_b,
        invited_at=case.submitted_at,
        due_at=case.due_at,
    )

    def answer(text):
        # A user object per thread: the policy caches grants on it.
        actor = get_user_model().objects.get(pk=officer_b.pk)
        return lambda: services.co_handling_answer(case=case, actor=actor, opinion=text)

    errors = _at_once(answer("第一次"), answer("第二次"))

    assert [type(error) for error in errors] == [PermissionDenied]
    row = CoHandling.objects.get(case=case)
    assert row.opinion in {"第一次", "第二次"}
    assert (
        CaseEvent.objects.filter(
            case=case, action=CaseEvent.Action.CO_HANDLE_OPINION
        ).count()
        == 1
    )


def test_two_assignments_at_once_name_each_other(
    django_user_model, department_a, head_a
):
    officers = []
    for username, last, first in [("zhang", "张", "三"), ("li", "李", "四")]:
        user = django_user_model.objects.create_user(
            username=username, last_name=last, first_name=first
        )
        department_services.staff_grant(
            user=user, department=department_a, role="officer"
        )
        officers.append(user)
    case = submit_case(department=department_a).case

    def assign(officer):
        actor = get_user_model().objects.get(pk=head_a.pk)
        return lambda: services.case_assign(case=case, actor=actor, assignee=officer)

    assert _at_once(*(assign(officer) for officer in officers)) == []

    notes = list(
        CaseEvent.objects.filter(case=case, action=CaseEvent.Action.ASSIGN)
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes in (
        ["指定承办人：张三", "改派：张三 → 李四"],
        ["指定承办人：李四", "改派：李四 → 张三"],
    )
    case.refresh_from_db()
    assert notes[1].endswith(case.assignee.last_name + case.assignee.first_name)
