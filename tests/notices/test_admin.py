"""政务信息 in the back office: an officer writes for their department (the city
is not offered), saving renders the body, 提交 publishes, and with approval on a
second person's 审核通过 does; another department's notice is a 404."""

import pytest
from django.urls import reverse

from notices.models import Notice
from tests.cases.helpers import photo

pytestmark = pytest.mark.django_db


def _add(client, department, **extra):
    return client.post(
        reverse("admin:notices_notice_add"),
        {
            "kind": "notice",
            "title": "停水通知",
            "summary": "",
            "body": "**明日**停水",
            "department": department.pk,
            "publish_at_0": "2026-12-07",
            "publish_at_1": "09:00:00",
            "cover_upload": photo(),
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            **extra,
        },
    )


def test_an_officer_writes_submits_and_the_notice_is_published(
    login, officer_a, department_a
):
    client = login(officer_a)
    response = _add(client, department_a)
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = Notice.objects.get()
    assert "<strong>明日</strong>" in notice.body_html and notice.cover_640
    step = reverse("admin:notices_notice_step", args=[notice.pk, "submit"])
    client.post(step)
    notice.refresh_from_db()
    assert notice.status == "published"


def test_a_bad_field_comes_back_on_the_form(login, officer_a, department_a):
    response = _add(login(officer_a), department_a, kind="interpretation")
    assert response.status_code == 200
    assert "所解读的政策文件" in response.content.decode()
    assert not Notice.objects.exists()


def test_approval_needs_a_second_person(
    settings, login, officer_a, head_a, department_a
):
    settings.NOTICE_APPROVAL_REQUIRED = True
    client = login(officer_a)
    _add(client, department_a)
    notice = Notice.objects.get()
    client.post(reverse("admin:notices_notice_step", args=[notice.pk, "submit"]))
    approve = reverse("admin:notices_notice_step", args=[notice.pk, "approve"])
    client.post(approve)
    notice.refresh_from_db()
    assert notice.status == "pending"
    login(head_a).post(approve)
    notice.refresh_from_db()
    assert notice.status == "published"


def test_another_departments_notice_is_not_found(
    login, officer_a, officer_b, department_a
):
    _add(login(officer_a), department_a)
    notice = Notice.objects.get()
    other = login(officer_b)
    assert (
        other.get(reverse("admin:notices_notice_change", args=[notice.pk])).status_code
        == 404
    )
