"""The messages of the 12345 handling steps (issue 18, cases/notices.py and
cases/notices_staff.py): who is told, on which channel, with consent, once per
event, and nothing when the step rolls back.

Events are written with `record_event` + `case_event_notify`, as the step
services do inside `step_take`, so each message is tested apart from the service
that will write its event."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseEvent, CoHandling, Escalation
from cases.notices import case_event_notify, openid_seal
from cases.services.transitions import record_event
from departments import services as department_services
from notifications.models import Message
from notifications.services import staff_contact_set
from tests.cases.helpers import submit_case
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
Action = CaseEvent.Action
OPENID = "oCitizen_openid_0123456789ab"


def messages(case, *, event=None, channel=None):
    rows = Message.objects.filter(about=f"cases.case:{case.pk}").order_by("id")
    if event:
        rows = rows.filter(event=event)
    if channel:
        rows = rows.filter(channel=channel)
    return list(rows)


def citizen_events(case):
    return [m.event for m in messages(case) if not m.event.startswith("staff.")]


def take(case, action, *, actor=None, note="", status=None, **fields):
    """Write `action`'s event as a step would: fields, status, event, notices."""
    from_status = case.status
    for name, value in fields.items():
        setattr(case, name, value)
    if status:
        case.status = status
    case.save()
    event = record_event(
        case=case, actor=actor, action=action, note=note, from_status=from_status
    )
    case_event_notify(event=event)
    return event


def with_email(*users):
    for user in users:
        user.email = f"{user.username}@gov.cn"
        user.save(update_fields=["email"])
    return users


@pytest.fixture
def case(department_a):
    return submit_case(department=department_a, sms_consent=True).case


# --- the citizen --------------------------------------------------------------


def test_an_info_request_tells_the_citizen_what_is_asked_and_how_long(
    case, officer_a, settings
):
    settings.INFO_WAIT_DAYS = 5
    take(
        case,
        Action.INFO_REQUEST,
        actor=officer_a,
        status=Case.Status.WAITING,
        info_question="请补充事发地点的照片和具体门牌号，便于现场核查。",
    )

    [sms] = messages(case, event="case.info_requested")
    assert sms.channel == "sms"
    assert sms.params["question"].startswith("请补充事发地点")
    assert len(sms.params["question"]) <= 20
    assert "5个工作日" in sms.text and case.number in sms.text
    assert sms.counts_to_cap is True


def test_a_resume_after_the_wait_tells_the_citizen_and_a_staff_resume_does_not(
    case, officer_a
):
    take(case, Action.RESUME, actor=officer_a, status=Case.Status.ACCEPTED)
    assert "case.resumed" not in citizen_events(case)

    take(case, Action.RESUME, actor=None, status=Case.Status.ACCEPTED)
    [sms] = messages(case, event="case.resumed")
    assert "已恢复办理" in sms.text


def test_a_merged_case_gets_its_main_cases_answer(case, department_a):
    main = submit_case(department=department_a).case
    main.reply = "路灯已于今日修复，感谢您的反映。"
    main.save(update_fields=["reply"])
    take(case, Action.MERGE, status=Case.Status.MERGED, merged_into=main)

    take(case, Action.MERGED_REPLY, status=Case.Status.REPLIED)

    [sms] = messages(case, event="case.merged_replied")
    assert sms.params["main_number"] == main.number
    assert sms.params["excerpt"].startswith("路灯已于今日修复")
    assert main.number in sms.text


def test_a_redo_gives_the_new_due_date(case):
    due = timezone.now() + timedelta(days=10)
    take(case, Action.REDO, status=Case.Status.ACCEPTED, due_at=due, redo_count=1)

    [sms] = messages(case, event="case.redo")
    assert sms.params["due_date"] == timezone.localtime(due).strftime("%Y年%m月%d日")


def test_a_split_names_the_new_numbers(case, department_a, department_b):
    children = [
        submit_case(department=department_a).case,
        submit_case(department=department_b).case,
    ]
    Case.objects.filter(pk__in=[c.pk for c in children]).update(parent=case)

    take(case, Action.SPLIT, status=Case.Status.SPLIT)

    [sms] = messages(case, event="case.split")
    assert sms.params["numbers"] == "、".join(c.number for c in children)


def test_without_consent_the_citizen_gets_no_sms_for_the_new_steps(department_a):
    silent = submit_case(department=department_a).case
    take(silent, Action.INFO_REQUEST, status=Case.Status.WAITING, info_question="照片")
    take(silent, Action.RESUME, status=Case.Status.ACCEPTED)

    assert citizen_events(silent) == []


def test_a_case_from_wechat_is_told_on_wechat_too_even_without_sms_consent(
    department_a,
):
    from notifications import crypto

    wechat = submit_case(department=department_a, wechat_openid=OPENID).case
    assert OPENID not in wechat.wechat_openid_encrypted
    assert crypto.decrypt(wechat.wechat_openid_encrypted) == OPENID

    take(wechat, Action.INFO_REQUEST, status=Case.Status.WAITING, info_question="照片")

    [registered, asked] = messages(wechat, channel="wechat")
    assert [registered.event, asked.event] == ["case.registered", "case.info_requested"]
    assert asked.recipient_masked == "oCit****89ab"
    assert asked.url.endswith(f"#/lookup?number={wechat.number}")
    assert messages(wechat, channel="sms") == []


def test_an_erased_openid_stops_the_wechat_messages(department_a):
    wechat = submit_case(department=department_a, wechat_openid=OPENID).case
    Case.objects.filter(pk=wechat.pk).update(wechat_openid_encrypted="")
    wechat.refresh_from_db()

    take(wechat, Action.RESUME, status=Case.Status.ACCEPTED)

    assert [m.event for m in messages(wechat, channel="wechat")] == ["case.registered"]
    assert openid_seal("") == ""


# --- the staff ------------------------------------------------------------------


def test_an_assignment_tells_the_assignee_only(
    case, officer_a, head_a, django_user_model
):
    colleague = django_user_model.objects.create_user("officer_a2", email="a2@gov.cn")
    department_services.staff_grant(
        user=colleague, department=case.department, role="officer"
    )
    with_email(officer_a, head_a)

    take(case, Action.ASSIGN, actor=head_a, assignee=colleague)
    take(case, Action.ASSIGN, actor=colleague, assignee=colleague)  # took it himself

    [assigned] = messages(case, event="staff.assigned")
    assert assigned.recipient_masked == "a***@gov.cn"
    assert assigned.counts_to_cap is False
    assert case.number in assigned.text and "由您承办" in assigned.text


def test_a_supplement_tells_the_assignee_or_else_the_officers(
    case, department_a, officer_a, head_a, django_user_model
):
    with_email(officer_a, head_a)
    take(case, Action.INFO_SUPPLY, status=Case.Status.ACCEPTED)
    [to_officer] = messages(case, event="staff.info_supplied")
    assert to_officer.recipient_masked == "o***@gov.cn"  # not the head

    second = submit_case(department=department_a).case
    take(second, Action.INFO_SUPPLY, assignee=head_a)
    assert [
        m.recipient_masked for m in messages(second, event="staff.info_supplied")
    ] == ["h***@gov.cn"]


def test_a_co_handling_invitation_tells_the_invited_departments_staff(
    case, department_b, officer_a, officer_b, django_user_model
):
    with_email(officer_a, officer_b)
    head_b = django_user_model.objects.create_user("head_b", email="hb@gov.cn")
    department_services.staff_grant(user=head_b, department=department_b, role="head")
    now = timezone.now()
    CoHandling.objects.create(
        case=case,
        department=department_b,
        invited_by=officer_a,
        invited_at=now,
        due_at=now + timedelta(days=3),
    )
    event = record_event(
        case=case, actor=officer_a, action=Action.CO_HANDLE_INVITE, now=now
    )
    case_event_notify(event=event)

    invited = messages(case, event="staff.co_handle")
    assert sorted(m.recipient_masked for m in invited) == ["h***@gov.cn", "o***@gov.cn"]
    assert {m.params["co_department"] for m in invited} == {"环境保护局"}
    assert "请于" in invited[0].text


@pytest.mark.parametrize(
    ("action", "label"),
    [(Action.URGE, "催办"), (Action.SUPERVISE, "督办"), (Action.REPORT, "通报")],
)
def test_each_escalation_rung_tells_the_handler_and_the_heads(
    case, officer_a, head_a, supervisor, action, label
):
    with_email(officer_a, head_a, supervisor)
    take(case, action, actor=supervisor, note="请抓紧办理")

    told = messages(case, event="staff.escalated")
    assert sorted(m.recipient_masked for m in told) == ["h***@gov.cn", "o***@gov.cn"]
    assert told[0].params["rung"] == label
    deadline = timezone.localtime(case.due_at).strftime("%Y年%m月%d日%H:%M")
    assert told[0].params["deadline"] == deadline and deadline in told[0].text


def test_the_ladder_names_the_subject_and_its_own_deadline(case, officer_a):
    with_email(officer_a)
    now = timezone.now()
    sign_due = now - timedelta(hours=2)
    Escalation.objects.create(
        case=case,
        rung="supervise",
        subject="signing",
        deadline_at=sign_due,
        created_at=now,
    )
    event = record_event(case=case, actor=None, action=Action.SUPERVISE, now=now)
    case_event_notify(event=event)

    [told] = messages(case, event="staff.escalated")
    assert told.params["rung"] == "督办（签收）"
    assert told.params["deadline"] == timezone.localtime(sign_due).strftime(
        "%Y年%m月%d日%H:%M"
    )


def test_a_return_tells_the_dispatchers(case, officer_a, dispatcher, supervisor):
    with_email(dispatcher, supervisor)
    take(
        case,
        Action.SEND_BACK,
        actor=officer_a,
        note="不属于本部门职责（依据：职责清单第 3 条）",
        status=Case.Status.RETURNED,
    )

    [returned] = messages(case, event="staff.returned")
    assert (
        returned.recipient_masked == "d***@gov.cn"
    )  # the supervisor is not a dispatcher
    assert "职责清单" in returned.text


def at_dispatch_center(department):
    """A case as the routing finds it: submitted, its department the centre."""
    submitted = submit_case(department=department, sms_consent=True).case
    center = department_services.dispatch_center()
    Case.objects.filter(pk=submitted.pk).update(department=center)
    submitted.refresh_from_db()
    return submitted


def test_a_submission_at_the_dispatch_centre_alerts_nobody_yet(
    department_b, dispatcher
):
    with_email(dispatcher)
    routed = at_dispatch_center(department_b)

    take(routed, Action.SUBMIT)

    assert [m for m in messages(routed) if m.event.startswith("staff.")] == []


@pytest.mark.usefixtures("tasks_at_once")
def test_a_case_routed_to_a_department_alerts_its_officers_once(
    department_a, department_b, officer_a
):
    with_email(officer_a)
    routed = at_dispatch_center(department_b)

    take(routed, Action.ROUTE, department=department_a)

    [alert] = messages(routed, event="staff.new_case")
    assert alert.recipient_masked == "o***@gov.cn"
    assert citizen_events(routed) == ["case.registered"]  # one message for the citizen


def test_a_case_left_at_the_dispatch_centre_alerts_the_dispatchers(
    department_b, dispatcher
):
    with_email(dispatcher)
    queued = at_dispatch_center(department_b)

    take(queued, Action.ROUTE, status=Case.Status.DISPATCHING)

    [alert] = messages(queued, event="staff.to_dispatch")
    assert alert.recipient_masked == "d***@gov.cn"
    assert messages(queued, event="staff.new_case") == []


def test_staff_who_chose_sms_or_none_are_told_so(case, officer_a, head_a, supervisor):
    staff_contact_set(user=officer_a, channel="sms", phone="13900001111")
    staff_contact_set(user=head_a, channel="none")
    take(case, Action.URGE, actor=supervisor, note="请抓紧")

    [told] = messages(case, event="staff.escalated")
    assert told.channel == "sms" and told.recipient_masked == "139****1111"


# --- once, and only when committed ------------------------------------------------


def test_a_second_call_on_the_same_event_sends_nothing_more(case, officer_a, head_a):
    with_email(officer_a, head_a)
    event = take(
        case, Action.INFO_REQUEST, status=Case.Status.WAITING, info_question="照片"
    )
    urged = take(case, Action.URGE, note="请抓紧")
    before = Message.objects.count()

    case_event_notify(event=event)
    case_event_notify(event=urged)

    assert Message.objects.count() == before


def test_a_step_that_rolls_back_tells_nobody(case, officer_a, head_a):
    with_email(officer_a, head_a)
    before = Message.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        take(
            case, Action.INFO_REQUEST, status=Case.Status.WAITING, info_question="照片"
        )
        take(case, Action.URGE, note="请抓紧")
        raise RuntimeError("the request failed after the step")

    assert Message.objects.count() == before


def test_every_new_message_has_an_active_template_on_its_channels():
    from notifications.events import EVENTS
    from notifications.models import MessageTemplate

    for key in [
        "case.info_requested",
        "case.resumed",
        "case.merged_replied",
        "case.redo",
        "case.split",
        "staff.to_dispatch",
        "staff.returned",
        "staff.assigned",
        "staff.info_supplied",
        "staff.co_handle",
        "staff.escalated",
    ]:
        for channel in EVENTS[key].channels:
            assert MessageTemplate.objects.filter(
                event=key, channel=channel, active=True
            ).exists(), (key, channel)


def test_a_new_department_without_staff_simply_tells_nobody():
    lonely = submit_case(department=DepartmentFactory(code="dept-empty")).case
    take(lonely, Action.URGE, note="请抓紧")

    assert messages(lonely, event="staff.escalated") == []


def test_an_escalation_in_the_city_queue_tells_the_dispatchers(
    department_b, dispatcher, supervisor
):
    with_email(dispatcher)
    queued = at_dispatch_center(department_b)
    take(queued, Action.ROUTE, status=Case.Status.DISPATCHING)

    take(queued, Action.URGE, actor=supervisor, note="请尽快分拨")

    [told] = messages(queued, event="staff.escalated")
    assert told.recipient_masked == "d***@gov.cn"


@pytest.mark.usefixtures("tasks_at_once")
def test_through_the_routing_service_each_case_is_announced_once(
    department_a, officer_a, dispatcher
):
    from cases.models import DispatchRule

    with_email(officer_a, dispatcher)
    DispatchRule.objects.create(name="路灯", keywords="路灯", department=department_a)

    routed = submit_case(
        department_id=None, title="小区路灯不亮", sms_consent=True
    ).case
    unplaced = submit_case(department_id=None, title="其他问题").case

    assert [m.event for m in messages(routed) if m.event.startswith("staff.")] == [
        "staff.new_case"
    ]
    assert citizen_events(routed) == ["case.registered"]
    assert [m.event for m in messages(unplaced)] == ["staff.to_dispatch"]
