"""邀请评价 on the 待邀评诉求 list (feedback/admin/evaluations.py): the daily job's
invitation queued now for the selected cases, once per answer, and the admin told
how many went and how many were skipped."""

from datetime import timedelta

import pytest
from django.urls import reverse

from notifications.models import Message
from tests.feedback.conftest import FRIDAY, answered_case

pytestmark = pytest.mark.django_db
URL = reverse("admin:feedback_unratedcase_changelist")
OPENID = "oWeChat_citizen_openid_0001"


def invite(client, *cases):
    return client.post(
        URL,
        {"action": "invite_rating", "_selected_action": [c.pk for c in cases]},
        follow=True,
    )


def invitations(case):
    return list(
        Message.objects.filter(
            about=f"cases.case:{case.pk}", event="case.invite_rating"
        ).values_list("channel", flat=True)
    )


def test_staff_invite_the_selected_cases_once_per_answer(
    login, officer_a, department_a
):
    long_ago = FRIDAY - timedelta(days=30)
    consenting, _ = answered_case(department_a, now=long_ago, sms_consent=True)
    silent, _ = answered_case(department_a, now=long_ago)
    wechat, _ = answered_case(department_a, now=long_ago, wechat_openid=OPENID)
    client = login(officer_a)

    page = invite(client, consenting, silent, wechat).content.decode()

    assert "已发送 2 件诉求的评价邀请。" in page
    assert "1 件未发送" in page
    assert invitations(consenting) == ["sms"]
    assert invitations(silent) == []
    assert invitations(wechat) == ["wechat"]

    again = invite(client, consenting).content.decode()
    assert "已发送 0 件诉求的评价邀请。" in again and "1 件未发送" in again
    assert invitations(consenting) == ["sms"]


def test_the_daily_job_after_the_action_sends_nothing_more(
    login, officer_a, department_a
):
    from feedback import notices

    case, _ = answered_case(
        department_a, now=FRIDAY - timedelta(days=30), sms_consent=True
    )
    invite(login(officer_a), case)

    assert notices.rating_invites_send() == 0
    assert invitations(case) == ["sms"]


def test_another_departments_case_cannot_be_invited(login, officer_b, department_a):
    case, _ = answered_case(
        department_a, now=FRIDAY - timedelta(days=30), sms_consent=True
    )

    invite(login(officer_b), case)

    assert invitations(case) == []
