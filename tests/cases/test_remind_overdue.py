"""`manage.py remind_overdue`: each officer hears about their own late cases, in
the daily digest through the outbox (cases/digests.py)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import services
from cases.models import Case
from notifications import crypto
from notifications.models import Message

pytestmark = pytest.mark.django_db


def _digests() -> dict[str, Message]:
    """Digest by e-mail address (the outbox keeps only a keyed hash of it)."""
    rows = Message.objects.filter(event="staff.digest", channel="email")
    hashes = {m.recipient_hash: m for m in rows}
    addresses = ["a@gov.cn", "b@gov.cn", "s@gov.cn"]
    return {
        a: hashes[crypto.recipient_hash("email", a)]
        for a in addresses
        if crypto.recipient_hash("email", a) in hashes
    }


def _case(department, title, due_in):
    case = services.case_submit(
        submission=services.CaseSubmission(
            kind="consultation",
            title=title,
            content="市民咨询的具体内容。",
            department_id=department.id,
            contact_name="王先生",
            contact_phone="13800003333",
            channel="h5",
        )
    ).case
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() + due_in)
    return case


def test_officers_get_their_own_late_and_due_soon_cases(
    officer_a, officer_b, supervisor, department_a, department_b
):
    for user, address in [
        (officer_a, "a@gov.cn"),
        (officer_b, "b@gov.cn"),
        (supervisor, "s@gov.cn"),
    ]:
        user.email = address
        user.save()
    late_a = _case(department_a, "甲部门超期诉求", -timedelta(hours=2))
    soon_a = _case(department_a, "甲部门即将到期", timedelta(hours=5))
    _case(department_a, "甲部门时间充裕", timedelta(days=3))
    late_b = _case(department_b, "乙部门超期诉求", -timedelta(days=1))
    out = StringIO()

    call_command("remind_overdue", stdout=out)

    by_recipient = _digests()
    assert set(by_recipient) == {"a@gov.cn", "b@gov.cn", "s@gov.cn"}
    # The digest counts; the cases themselves are on the admin list it links to.
    to_a = by_recipient["a@gov.cn"].params["summary"]
    assert "24小时内到期 1 件" in to_a and "已超期 1 件" in to_a
    assert "13800003333" not in by_recipient["a@gov.cn"].text
    assert "已超期 2 件" in by_recipient["s@gov.cn"].params["summary"]
    assert late_a.number in out.getvalue() and late_b.number in out.getvalue()
    assert soon_a.number not in out.getvalue()


def test_nothing_waiting_sends_nothing(officer_a, department_a):
    officer_a.email = "a@gov.cn"
    officer_a.save()

    call_command("remind_overdue", stdout=StringIO())

    assert not Message.objects.filter(event="staff.digest").exists()


def test_staff_without_an_address_are_named_instead_of_silently_skipped(
    officer_a, head_a, officer_b, supervisor, department_a, department_b
):
    officer_a.first_name, officer_a.last_name = "伟", "张"
    officer_a.save()
    supervisor.email = "s@gov.cn"
    supervisor.save()
    _case(department_a, "甲部门超期诉求", -timedelta(hours=2))
    out, err = StringIO(), StringIO()

    call_command("remind_overdue", stdout=out, stderr=err)

    assert list(_digests()) == ["s@gov.cn"]
    assert "已生成待办汇总 1 条" in out.getvalue()
    warning = err.getvalue()
    short_a = department_a.short_name
    assert "以下 2 名人员没有可用的通知方式" in warning
    assert f"张伟（部门工作人员·{short_a}）" in warning
    assert f"head_a（部门负责人·{short_a}）" in warning
    # officer_b has nothing waiting, so no digest was missed.
    assert "officer_b" not in warning
