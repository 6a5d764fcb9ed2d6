"""申请申诉复核 is one rule: the rated department's own officers and heads ask,
and the admin offers the step to exactly those the service accepts."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from departments.roles import ensure_role_groups
from feedback import services
from feedback.services.permissions import may_request_appeal
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db

ROLES = ["officer_a", "officer_b", "head_a", "supervisor", "superuser"]


def _rating(department):
    case, _ = answered_case(department)
    return services.evaluation_submit(case=case, level=1, comment="差")


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_offers_an_appeal_exactly_when_the_service_accepts_it(
    role, request, login, department_a
):
    ensure_role_groups()
    user = request.getfixturevalue(role)
    evaluation = _rating(department_a)
    page = login(user).get(
        reverse("admin:feedback_caseevaluation_change", args=[evaluation.pk])
    )
    step = reverse("admin:feedback_caseevaluation_step", args=[evaluation.pk, "appeal"])
    # Another department's rating is not found at all; then nothing is offered.
    offered = page.status_code == 200 and step in page.content.decode()

    try:
        services.appeal_request(actor=user, evaluation=evaluation, reason="误评")
        accepted = True
    except PermissionDenied as refused:
        assert str(refused) == "只能对本部门收到的评价提出申诉。"
        accepted = False

    assert offered == accepted == (role in {"officer_a", "head_a"})


def test_supervisors_decide_appeals_but_do_not_ask_for_them(
    supervisor, officer_a, department_a
):
    evaluation = _rating(department_a)

    assert not may_request_appeal(supervisor, evaluation)
    assert may_request_appeal(officer_a, evaluation)
    assert may_request_appeal(None, evaluation)  # the system (demo data)
