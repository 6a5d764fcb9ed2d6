"""待邀评诉求: answered cases still unrated some days on, for staff to invite."""

from datetime import timedelta

import pytest
from django.urls import reverse

from feedback import selectors, services
from tests.feedback.conftest import FRIDAY, answered_case

pytestmark = pytest.mark.django_db


def test_unrated_cases_answered_days_ago_are_listed_longest_waiting_first(
    department_a, settings
):
    settings.FEEDBACK_INVITE_AFTER_DAYS = 3
    older, _ = answered_case(department_a, now=FRIDAY - timedelta(days=10))
    closed, _ = answered_case(
        department_a, status="closed", now=FRIDAY - timedelta(days=5)
    )
    answered_case(department_a, now=FRIDAY - timedelta(days=2))  # too recent
    answered_case(department_a, status="accepted", now=FRIDAY - timedelta(days=9))
    rated, _ = answered_case(department_a, now=FRIDAY - timedelta(days=9))
    services.evaluation_submit(case=rated, level=4)

    assert list(selectors.unrated_answered_cases(now=FRIDAY)) == [older, closed]
    assert list(selectors.unrated_answered_cases(days=7, now=FRIDAY)) == [older]


def test_the_invite_list_in_the_admin_is_scoped(
    login, officer_a, officer_b, department_a
):
    case, _ = answered_case(department_a, now=FRIDAY - timedelta(days=30))
    url = reverse("admin:feedback_unratedcase_changelist")

    own = login(officer_a).get(url)
    other = login(officer_b).get(url)

    assert own.status_code == other.status_code == 200
    assert case.number in own.content.decode()
    assert reverse("admin:cases_case_change", args=[case.pk]) in own.content.decode()
    assert case.number not in other.content.decode()
