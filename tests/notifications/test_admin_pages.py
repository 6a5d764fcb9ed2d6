"""The back office: supervisors read the whole outbox and keep the templates;
officers see neither; templates are edited with variables, preview and count."""

import pytest
from django.urls import reverse

from notifications.models import MessageTemplate
from tests.notifications.helpers import PHONE, notify_registered

pytestmark = pytest.mark.django_db

OUTBOX = "admin:notifications_message_changelist"


@pytest.fixture
def officer_staff(officer_a):
    officer_a.is_staff = True
    officer_a.save(update_fields=["is_staff"])
    return officer_a


def test_a_supervisor_sees_the_outbox_with_the_recipient_masked(login, supervisor):
    notify_registered()

    response = login(supervisor).get(reverse(OUTBOX))

    assert response.status_code == 200
    content = response.content.decode()
    assert "138****5678" in content
    assert PHONE not in content and "QC7Y3K9M" not in content


def test_the_outbox_filters_by_status_channel_and_event(login, supervisor):
    notify_registered()

    response = login(supervisor).get(
        reverse(OUTBOX) + "?status=queued&channel=sms&event=case.registered"
    )

    assert response.status_code == 200
    assert "138****5678" in response.content.decode()


def test_the_outbox_is_searched_by_the_exact_number_only(login, supervisor):
    notify_registered(occurrence="1")
    notify_registered(occurrence="2", recipient="13900000000")
    client = login(supervisor)

    exact = client.get(reverse(OUTBOX) + f"?q={PHONE}")
    partial = client.get(reverse(OUTBOX) + "?q=1381234")

    assert exact.context["cl"].result_count == 1
    assert partial.context["cl"].result_count == 0


def test_the_outbox_refuses_a_lookup_on_the_recipient(login, supervisor):
    response = login(supervisor).get(reverse(OUTBOX) + "?recipient_hash__startswith=a")

    assert response.status_code == 400


def test_a_message_page_is_read_only(login, supervisor):
    message = notify_registered()

    response = login(supervisor).get(
        reverse("admin:notifications_message_change", args=[message.pk])
    )

    assert response.status_code == 200
    assert b'name="_save"' not in response.content


def test_an_officer_does_not_see_the_outbox(login, officer_staff):
    notify_registered()

    response = login(officer_staff).get(reverse(OUTBOX))

    assert response.status_code == 403


def test_the_template_page_lists_variables_preview_and_sms_count(login, supervisor):
    template = MessageTemplate.objects.get(event="case.accepted", channel="sms")

    response = login(supervisor).get(
        reverse("admin:notifications_messagetemplate_change", args=[template.pk])
    )

    content = response.content.decode()
    assert "{department}" in content
    assert "【微政务】您的诉求ZX20260101-0001已由劳动和社会保障局受理" in content
    assert "按 1 条短信计费" in content


def test_a_template_with_an_unknown_variable_is_refused(login, supervisor):
    template = MessageTemplate.objects.get(event="case.closed", channel="sms")
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])

    response = login(supervisor).post(
        url,
        {
            "event": "case.closed",
            "channel": "sms",
            "text": "您的诉求{number}已由{leader}办结。",
            "subject": "",
            "provider_template_code": "SMS_123",
            "sign_name": "",
            "active": "on",
        },
    )

    assert response.status_code == 200
    assert "未知变量：{leader}" in response.content.decode()
    template.refresh_from_db()
    assert "{leader}" not in template.text
