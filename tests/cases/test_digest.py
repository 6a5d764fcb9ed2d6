"""The daily digest (cases/digests.py): each staff user is told what waits for
them, by their chosen channel, once a day."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import digests, services
from cases.models import Case
from notifications.models import Message
from notifications.services import staff_contact_set
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db


def digest_of(user):
    return Message.objects.get(event="staff.digest", about=f"auth.user:{user.pk}")


def test_each_user_hears_what_waits_for_them(
    officer_a, officer_b, head_a, supervisor, department_a, department_b
):
    for user, address in [(officer_a, "a@gov.cn"), (supervisor, "s@gov.cn")]:
        user.email = address
        user.save()
    staff_contact_set(user=head_a, channel="sms", phone="13900001111")
    staff_contact_set(user=officer_b, channel="none")
    late = submit_case(department=department_a).case
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=2))
    accepted = services.case_transition(
        case=submit_case(department=department_a).case, to_status="accepted"
    )
    services.extension_request(case=accepted, actor=officer_a, days=2, reason="核查")
    submit_case(department=department_b)

    result = digests.staff_digest_send()

    assert digest_of(officer_a).params["summary"] == "待受理 1 件，已超期 1 件"
    assert digest_of(head_a).channel == "sms"
    assert digest_of(head_a).params["summary"] == (
        "待受理 1 件，已超期 1 件，待审批延期 1 件"
    )
    assert digest_of(supervisor).params["summary"] == (
        "待受理 2 件，已超期 1 件，待审批延期 1 件"
    )
    # officer_b chose not to be told: nothing sent, and named as unreachable.
    assert not Message.objects.filter(about=f"auth.user:{officer_b.pk}").exists()
    assert result.unreachable == [officer_b]
    assert result.queued == 3


def test_a_second_run_on_the_same_day_sends_nothing_more(officer_a, department_a):
    officer_a.email = "a@gov.cn"
    officer_a.save()
    submit_case(department=department_a)

    assert digests.staff_digest_send().queued == 1
    assert digests.staff_digest_send().queued == 0
    tomorrow = timezone.now() + timedelta(days=1)
    assert digests.staff_digest_send(now=tomorrow).queued == 1


def test_rectifications_waiting_for_their_callback_are_in_the_digest(
    officer_a, department_a
):
    from feedback import services as feedback_services

    officer_a.email = "a@gov.cn"
    officer_a.save()
    case = submit_case(department=department_a).case
    case = services.case_transition(case=case, to_status="accepted")
    case = services.case_transition(case=case, to_status="replied", reply="已答复。")
    feedback_services.evaluation_submit(case=case, level=1)
    # The department was told at once that a callback is due.
    assert Message.objects.filter(event="rectification.callback").count() == 1

    digests.staff_digest_send()

    assert digest_of(officer_a).params["summary"] == "待回访整改 1 件"


def test_nobody_with_nothing_waiting_gets_a_digest(officer_a):
    officer_a.email = "a@gov.cn"
    officer_a.save()

    assert digests.staff_digest_send().queued == 0


def test_remind_overdue_queues_the_digest_and_lists_late_cases(officer_a, department_a):
    officer_a.email = "a@gov.cn"
    officer_a.save()
    late = submit_case(department=department_a).case
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=2))
    out = StringIO()

    call_command("remind_overdue", stdout=out)

    assert late.number in out.getvalue()
    assert "已生成待办汇总 1 条" in out.getvalue()
    assert digest_of(officer_a).channel == "email"
