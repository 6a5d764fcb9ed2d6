"""How the workflow table test takes the steps of 承办人, 协办 (see __init__)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases import services
from cases.models import CoHandling
from departments import services as department_services


def _officer_of(department):
    """An officer of `department` to name as the case's 承办人."""
    officer, created = get_user_model().objects.get_or_create(
        username=f"assignee-{department.pk}", defaults={"first_name": "承办"}
    )
    if created:
        department_services.staff_grant(
            user=officer, department=department, role="officer"
        )
    return officer


def _invite(case, other):
    """Department B invited to co-handle, whatever the case's status (the table
    test puts cases straight into each status, where no invitation could be
    made through the service)."""
    now = timezone.now()
    CoHandling.objects.create(case=case, department=other, invited_at=now, due_at=now)


TAKE = {
    "assign": lambda case, actor, other: services.case_assign(
        case=case, actor=actor, assignee=_officer_of(case.department)
    ),
    "co_handle_invite": lambda case, actor, other: services.co_handling_invite(
        case=case, actor=actor, department_ids=[other.pk], note="请提供排水管网资料"
    ),
    "co_handle_opinion": lambda case, actor, other: services.co_handling_answer(
        case=case, actor=actor, opinion="该路段排水管网由我局负责，已安排疏通。"
    ),
}
HANDLERS = {"officer_a", "head_a", "supervisor"}
MAY_TAKE = {
    "assign": HANDLERS,
    "co_handle_invite": HANDLERS,
    # Only the invited department's own staff: a supervisor does not write
    # another department's opinion.
    "co_handle_opinion": {"officer_b"},
}
PREPARE = {"co_handle_opinion": _invite}
ACTOR = {"co_handle_opinion": "officer_b"}
