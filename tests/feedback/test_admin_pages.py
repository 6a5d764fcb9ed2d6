"""Every feedback page of the back office opens for the roles that have it."""

import pytest
from django.urls import reverse

from departments.roles import ensure_role_groups
from feedback import services
from feedback.models import (
    Appeal,
    CaseEvaluation,
    DepartmentImpression,
    ImpressionTag,
    LeaderReview,
    ModerationLog,
    Rectification,
    SensitiveWord,
)
from tests.factories import LeaderFactory
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback_rows(department_a, officer_a, tags):
    ensure_role_groups()
    SensitiveWord.objects.create(word="骗子")
    services.impression_submit(
        department=department_a, score=1, comment="骗子", device_hash="a"
    )
    services.review_submit(
        leader=LeaderFactory(department=department_a),
        score=4,
        comment="好",
        device_hash="a",
    )
    case, _ = answered_case(department_a)
    evaluation = services.evaluation_submit(case=case, level=1, comment="差")
    services.appeal_request(actor=officer_a, evaluation=evaluation, reason="误评")
    answered_case(department_a)  # left unrated


PAGES = {
    ImpressionTag: "impressiontag",
    SensitiveWord: "sensitiveword",
    DepartmentImpression: "departmentimpression",
    LeaderReview: "leaderreview",
    ModerationLog: "moderationlog",
    CaseEvaluation: "caseevaluation",
    Rectification: "rectification",
    Appeal: "appeal",
}


@pytest.mark.parametrize("role", ["supervisor", "officer_a", "head_a"])
def test_each_page_opens_or_is_forbidden_by_role(feedback_rows, login, request, role):
    user = request.getfixturevalue(role)
    client = login(user)
    supervisor_only = {"impressiontag", "sensitiveword", "moderationlog"}

    for model, name in PAGES.items():
        changelist = client.get(reverse(f"admin:feedback_{name}_changelist"))
        if role != "supervisor" and name in supervisor_only:
            assert changelist.status_code == 403, name
            continue
        assert changelist.status_code == 200, name
        change = client.get(
            reverse(f"admin:feedback_{name}_change", args=[model.objects.first().pk])
        )
        assert change.status_code == 200, name
    invites = client.get(reverse("admin:feedback_unratedcase_changelist"))
    assert invites.status_code == 200
