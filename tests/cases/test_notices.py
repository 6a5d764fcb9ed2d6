"""Case events tell the citizen (SMS, with consent) and the department's staff,
once per event, only when the step commits (cases/notices.py)."""

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cases import services, tasks
from cases.models import Case, CaseEvent
from notifications.models import Message
from notifications.services import staff_contact_set
from tests.cases.helpers import LOOKUP_URL, submit_case

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


def citizen_messages(case):
    return list(
        Message.objects.filter(about=f"cases.case:{case.pk}", channel="sms")
        .exclude(event__startswith="staff.")
        .order_by("id")
    )


def events_of(case):
    return [m.event for m in citizen_messages(case)]


def test_the_registration_sms_carries_the_number_and_the_query_code(department):
    submitted = submit_case(department=department, sms_consent=True)

    [message] = citizen_messages(submitted.case)
    assert message.event == "case.registered"
    assert message.recipient_masked.startswith("138") and PHONE not in (
        message.recipient_masked
    )
    assert message.params["number"] == submitted.case.number
    # The code is a secret parameter: sealed, masked in the stored text.
    assert submitted.query_code not in str(message.params)
    assert submitted.query_code not in message.text
    from notifications import crypto

    sealed = crypto.decrypt_json(message.sealed)
    assert sealed["params"]["query_code"] == submitted.query_code
    assert message.occurrence == str(submitted.case.events.get().pk)


def test_without_consent_the_citizen_gets_nothing(department, officer_a):
    case = submit_case(department=department).case
    services.case_transition(case=case, to_status="accepted")
    services.case_transition(case=case, to_status="replied", reply="已处理完毕。")

    assert citizen_messages(case) == []


def test_each_step_queues_exactly_its_message(department, department_b, officer_b):
    case = submit_case(department=department, sms_consent=True).case
    case = services.case_transfer(
        case=case, to_department_id=department_b.pk, actor=None, reason="属地管理"
    )
    case = services.case_sign(case=case, actor=officer_b)  # tells the citizen nothing
    case = services.case_transition(case=case, to_status="accepted")
    request = services.extension_request(
        case=case, actor=officer_b, days=3, reason="需要现场核查"
    )
    services.extension_decide(request=request, actor=None, approve=True)
    case = services.case_transition(
        case=case,
        to_status="replied",
        reply="您反映的社保卡补办问题，已安排在社区服务中心当场办理完毕。",
    )
    services.case_transition(case=case, to_status="closed")
    services.case_add_note(case=case, actor=None, note="内部备注不告知市民")

    by_event = {m.event: m for m in citizen_messages(case)}
    assert list(by_event) == [
        "case.registered",
        "case.transferred",
        "case.accepted",
        "case.extended",
        "case.replied",
        "case.closed",
    ]
    assert by_event["case.transferred"].params["department"] == department_b.name
    case.refresh_from_db()
    assert by_event["case.extended"].params["due_date"] == (
        case.due_at.astimezone().strftime("%Y年%m月%d日")
    )
    replied = by_event["case.replied"].params
    assert len(replied["excerpt"]) <= 20 and replied["excerpt"].endswith("…")
    assert replied["url"].endswith(f"#/lookup?number={case.number}")
    assert {m.recipient_hash for m in by_event.values()} == {
        by_event["case.registered"].recipient_hash
    }


def test_a_refused_extension_tells_the_citizen_nothing(department_a, officer_a):
    case = submit_case(department=department_a, sms_consent=True).case
    request = services.extension_request(
        case=case, actor=officer_a, days=3, reason="核查"
    )
    services.extension_decide(request=request, actor=None, approve=False)

    assert events_of(case) == ["case.registered"]


def test_a_second_call_on_the_same_event_sends_nothing(department):
    from cases.notices import case_event_notify

    case = submit_case(department=department, sms_consent=True).case
    case = services.case_transition(case=case, to_status="accepted")
    accepted = case.events.get(action=CaseEvent.Action.ACCEPT)

    case_event_notify(event=accepted)  # a retry of the same event

    assert events_of(case) == ["case.registered", "case.accepted"]


def test_an_idempotent_retry_of_the_submission_sends_one_sms(department):
    first = submit_case(
        department=department, sms_consent=True, idempotency_key="k" * 12
    )
    again = submit_case(
        department=department, sms_consent=True, idempotency_key="k" * 12
    )

    assert again.replayed and again.case.pk == first.case.pk
    assert events_of(first.case) == ["case.registered"]


def test_a_step_that_rolls_back_sends_nothing(department):
    case = submit_case(department=department, sms_consent=True).case
    before = Message.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        services.case_transition(case=case, to_status="accepted")
        raise RuntimeError("the request failed after the step")

    assert Message.objects.count() == before
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_an_anonymous_report_or_a_landline_gets_no_sms(department):
    anonymous = submit_case(
        department=department,
        kind="complaint",
        is_anonymous=True,
        contact_name="",
        contact_phone="",
        sms_consent=True,
    ).case
    landline = submit_case(
        department=department, contact_phone="0531-86001234", sms_consent=True
    ).case

    assert anonymous.sms_consent is False
    assert citizen_messages(anonymous) == citizen_messages(landline) == []


@pytest.mark.usefixtures("tasks_at_once")
def test_new_case_alerts_go_to_the_departments_officers_only(
    department_a, officer_a, head_a, officer_b
):
    officer_a.email = "a@gov.cn"
    officer_a.save()
    officer_b.email = "b@gov.cn"
    officer_b.save()
    staff_contact_set(user=head_a, channel="sms", phone="13900001111")

    case = submit_case(department=department_a).case

    alerts = Message.objects.filter(
        event="staff.new_case", about=f"cases.case:{case.pk}"
    )
    # officer_a by e-mail, head_a by the SMS they chose; not officer_b of B.
    assert sorted(m.channel for m in alerts) == ["email", "sms"]
    alert = alerts.get(channel="email")
    assert alert.params["number"] == case.number
    assert alert.params["url"].endswith(
        reverse("admin:cases_case_change", args=[case.pk])
    )


@pytest.mark.usefixtures("tasks_at_once")
def test_a_transfer_alerts_the_receiving_department(
    department_a, department_b, officer_a, officer_b
):
    officer_b.email = "b@gov.cn"
    officer_b.save()
    case = submit_case(department=department_a).case

    services.case_transfer(
        case=case, to_department_id=department_b.pk, actor=officer_a, reason="属地"
    )

    assert Message.objects.filter(event="staff.new_case", channel="email").count() == 1


def test_the_citizen_stops_sms_from_the_look_up(api_client, department):
    submitted = submit_case(department=department, sms_consent=True)
    url = reverse("v1:case-sms-stop")
    body = {"number": submitted.case.number, "query_code": submitted.query_code}

    wrong = api_client.post(url, {**body, "query_code": "WRONG123"}, format="json")
    assert wrong.status_code == 404
    assert Case.objects.get(pk=submitted.case.pk).sms_consent is True

    stopped = api_client.post(url, body, format="json")
    assert stopped.status_code == 200
    assert stopped.json()["sms_consent"] is False
    case = Case.objects.get(pk=submitted.case.pk)
    assert case.sms_consent is False
    services.case_transition(case=case, to_status="accepted")
    assert events_of(case) == ["case.registered"]


def test_consent_comes_from_the_submission_and_defaults_to_the_setting(
    api_client, department, settings
):
    from tests.cases.helpers import SUBMIT_URL, payload

    chosen = api_client.post(
        SUBMIT_URL, payload(department, sms_consent=True), format="json"
    )
    assert Case.objects.get(number=chosen.json()["number"]).sms_consent is True
    default = api_client.post(SUBMIT_URL, payload(department), format="json")
    assert Case.objects.get(number=default.json()["number"]).sms_consent is False

    settings.CASE_SMS_CONSENT_DEFAULT = True
    city = api_client.post(SUBMIT_URL, payload(department), format="json")
    assert Case.objects.get(number=city.json()["number"]).sms_consent is True
    assert LOOKUP_URL  # the look-up is unchanged


def test_staff_registering_a_caller_record_consent_and_the_code_goes_by_sms(
    login, officer_a, department_a
):
    client = login(officer_a)
    page = client.post(
        reverse("admin:cases_case_add"),
        {
            "channel": "phone",
            "kind": "consultation",
            "department": department_a.pk,
            "title": "电话咨询社保",
            "content": "市民来电咨询社保卡补办的材料。",
            "contact_name": "李女士",
            "contact_phone": PHONE,
            "sms_consent": "on",
        },
        follow=True,
    )

    case = Case.objects.get(channel="phone")
    assert case.sms_consent is True
    assert events_of(case) == ["case.registered"]
    assert "已通过短信发送至 138****5678" in page.content.decode()


def test_the_case_page_lists_its_messages_for_staff_in_scope_only(
    login, officer_a, officer_b, department_a
):
    case = submit_case(department=department_a, sms_consent=True).case
    url = reverse("admin:cases_case_change", args=[case.pk])

    page = login(officer_a).get(url).content.decode()
    assert "消息记录" in page and "诉求已登记" in page
    assert "138****5678" in page and PHONE not in page

    assert login(officer_b).get(url).status_code == 404


def test_a_rating_invitation_goes_once_per_answer_and_only_with_consent(department):
    from feedback import notices as feedback_notices

    case = submit_case(department=department, sms_consent=True).case
    case = services.case_transition(case=case, to_status="accepted")
    case = services.case_transition(case=case, to_status="replied", reply="已答复。")
    silent = submit_case(department=department).case
    silent = services.case_transition(case=silent, to_status="accepted")
    silent = services.case_transition(case=silent, to_status="replied", reply="好")

    assert feedback_notices.rating_invite(case=case) is True
    assert feedback_notices.rating_invite(case=case) is False  # invited already
    assert feedback_notices.rating_invite(case=silent) is False
    assert events_of(case).count("case.invite_rating") == 1
    assert "case.invite_rating" not in events_of(silent)


def test_the_new_case_alert_is_written_by_the_worker_for_the_department_it_went_to(
    department_a, department_b, officer_a, head_a, officer_b
):
    """The submission's transaction writes one task row, not a message per
    officer and head; the worker writes them, to the department the case went
    to even if it moved on since, and a second run writes nothing more."""
    for user in (officer_a, head_a, officer_b):
        user.email = f"{user.username}@gov.cn"
        user.save()
    case = submit_case(department=department_a).case
    alerts = Message.objects.filter(event="staff.new_case")
    assert alerts.count() == 0
    assert (
        DBTaskResult.objects.filter(task_path__endswith="new_case_alert_send").count()
        == 1
    )

    Case.objects.filter(pk=case.pk).update(department=department_b)
    # What the worker runs: the task row's own task and arguments.
    queued = DBTaskResult.objects.get()
    assert (
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
        == 2
    )

    assert sorted(m.recipient_masked for m in alerts) == ["h***@gov.cn", "o***@gov.cn"]
    assert {m.params["department"] for m in alerts} == {department_a.name}
    assert {m.params["number"] for m in alerts} == {case.number}
    assert (
        tasks.new_case_alert_send.call(
            event_id=case.events.get().pk, department_id=department_a.pk
        )
        == 0
    )
    assert alerts.count() == 2
