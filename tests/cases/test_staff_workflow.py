"""Every step of the staff workflow, and every refused step, from the admin case
page; each one leaves its event in the timeline with the acting user."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, ExtensionRequest, ReplyTemplate
from kernel import workdays

pytestmark = pytest.mark.django_db
Status = Case.Status


@pytest.fixture
def case_a(department_a):
    return services.case_submit(
        submission=services.CaseSubmission(
            kind="complaint",
            title="餐馆油烟直排",
            content="楼下餐馆的油烟没有经过净化直接排放。",
            department_id=department_a.id,
            complainee="幸福路12号某餐馆",
            contact_name="刘女士",
            contact_phone="13700001111",
            channel="h5",
        )
    ).case


def _step(client, case, step, data=None):
    url = reverse("admin:cases_case_step", args=[case.pk, step])
    response = client.post(url, {f"{step}-{k}": v for k, v in (data or {}).items()})
    case.refresh_from_db()
    return response


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_officer_accepts_replies_and_closes_with_a_complete_timeline(
    login, officer_a, case_a
):
    client = login(officer_a)

    _step(client, case_a, "accept", {"note": "已安排执法人员核查"})
    _step(client, case_a, "reply", {"reply": "经核查，已责令餐馆安装油烟净化设备。"})
    _step(client, case_a, "close")

    assert case_a.status == Status.CLOSED
    assert case_a.reply == "经核查，已责令餐馆安装油烟净化设备。"
    events = list(case_a.events.order_by("id"))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("submit", "", "submitted"),
        ("accept", "submitted", "accepted"),
        ("reply", "accepted", "replied"),
        ("close", "replied", "closed"),
    ]
    assert [e.actor for e in events[1:]] == [officer_a] * 3


def test_reply_form_offers_the_departments_templates(login, officer_a, case_a):
    ReplyTemplate.objects.create(
        department=case_a.department,
        kind="complaint",
        title="已整改",
        body="已责令整改。",
    )
    services.case_transition(case=case_a, to_status=Status.ACCEPTED, actor=officer_a)

    page = login(officer_a).get(reverse("admin:cases_case_change", args=[case_a.pk]))

    html = page.content.decode()
    assert "已整改" in html
    # The bodies travel as JSON for the page script that fills in the reply.
    data = re.search(r'id="reply-templates"[^>]*>(.*?)</script>', html).group(1)
    assert "已责令整改。" in json.loads(data).values()


@pytest.mark.parametrize(
    ("path", "step", "message"),
    [
        (
            [Status.ACCEPTED, Status.REPLIED, Status.CLOSED],
            "reply",
            "当前状态下不能执行",
        ),
        ([Status.ACCEPTED], "close", "当前状态下不能执行"),
        ([], "reply", "当前状态下不能执行"),
    ],
)
def test_invalid_moves_are_refused_with_a_message_not_an_error(
    login, officer_a, case_a, path, step, message
):
    for status in path:
        services.case_transition(
            case=case_a, to_status=status, actor=officer_a, reply="答复内容"
        )
    before = case_a.events.count()

    response = _step(login(officer_a), case_a, step, {"reply": "再次答复"})

    assert response.status_code == 302
    assert any(message in m for m in _messages(response))
    assert case_a.events.count() == before


def test_a_reply_without_text_is_refused_naming_the_field(login, officer_a, case_a):
    services.case_transition(case=case_a, to_status=Status.ACCEPTED, actor=officer_a)

    response = _step(login(officer_a), case_a, "reply", {"reply": ""})

    assert case_a.status == Status.ACCEPTED
    assert any("答复内容" in m for m in _messages(response))


def test_transfer_moves_the_case_to_the_receiver_with_a_new_due_date(
    login, officer_a, officer_b, case_a, department_b
):
    services.case_transition(case=case_a, to_status=Status.ACCEPTED, actor=officer_a)

    response = _step(
        login(officer_a),
        case_a,
        "transfer",
        {"to_department": department_b.pk, "reason": "属于环保部门职责"},
    )

    assert response.url == reverse("admin:cases_case_changelist")
    assert (case_a.department, case_a.status) == (department_b, Status.SUBMITTED)
    event = case_a.events.get(action="transfer")
    assert (event.from_department.code, event.to_department, event.actor) == (
        "dept-a",
        department_b,
        officer_a,
    )
    expected_due = workdays.add_workdays(start=event.created_at, days=5)
    assert case_a.due_at == expected_due
    assert (
        login(officer_a)
        .get(reverse("admin:cases_case_change", args=[case_a.pk]))
        .status_code
        == 404
    )
    assert (
        login(officer_b)
        .get(reverse("admin:cases_case_change", args=[case_a.pk]))
        .status_code
        == 200
    )


def test_send_back_then_a_supervisor_dispatches(
    login, officer_a, supervisor, case_a, department_b
):
    _step(
        login(officer_a),
        case_a,
        "send_back",
        {"reason": "不属于本部门职责", "basis": "职责清单未列此项"},
    )
    assert case_a.status == Status.RETURNED

    # The officer cannot re-dispatch; only a supervisor can.
    response = _step(
        login(officer_a), case_a, "dispatch", {"to_department": department_b.pk}
    )
    assert any("不能执行" in m for m in _messages(response))
    assert case_a.status == Status.RETURNED
    _step(login(supervisor), case_a, "dispatch", {"to_department": department_b.pk})

    assert (case_a.status, case_a.department) == (Status.SUBMITTED, department_b)
    assert case_a.events.filter(action="send_back", is_public=False).exists()
    assert case_a.events.get(action="dispatch").actor == supervisor


def test_rejecting_needs_a_reason(login, officer_a, case_a):
    _step(login(officer_a), case_a, "reject", {"reason": ""})
    assert case_a.status == Status.SUBMITTED

    _step(login(officer_a), case_a, "reject", {"reason": "诉求内容不属于受理范围"})
    assert case_a.status == Status.REJECTED
    assert case_a.rejection_reason == "诉求内容不属于受理范围"


def test_extension_requested_by_officer_approved_by_head(
    login, officer_a, head_a, case_a
):
    due_before = case_a.due_at
    _step(
        login(officer_a),
        case_a,
        "extension_request",
        {"days": 3, "reason": "需现场勘查"},
    )
    request = ExtensionRequest.objects.get()
    assert request.decision == "pending"

    # An officer may not approve their own request.
    refused = _step(login(officer_a), case_a, "extension_decide", {"approve": "1"})
    assert any("不能执行" in m for m in _messages(refused))
    _step(login(head_a), case_a, "extension_decide", {"approve": "1"})

    request.refresh_from_db()
    assert (request.decision, request.decided_by) == ("approved", head_a)
    assert case_a.due_at == workdays.add_workdays(start=due_before, days=3)
    assert case_a.events.get(action="extension_approve").is_public


def test_a_refused_extension_keeps_the_due_date(login, officer_a, supervisor, case_a):
    due_before = case_a.due_at
    services.extension_request(case=case_a, actor=officer_a, days=5, reason="材料未齐")

    _step(login(supervisor), case_a, "extension_decide", {"approve": "0"})

    assert case_a.due_at == due_before
    assert ExtensionRequest.objects.get().decision == "refused"


def test_supervisor_marks_supervised_and_reopens_a_closed_case(
    login, officer_a, supervisor, case_a
):
    _step(login(supervisor), case_a, "supervise", {"note": "请于三日内答复"})
    assert case_a.is_supervised
    for status in (Status.ACCEPTED, Status.REPLIED, Status.CLOSED):
        services.case_transition(
            case=case_a, to_status=status, actor=officer_a, reply="已处理"
        )

    refused = _step(login(officer_a), case_a, "reopen", {"note": "市民不满意"})
    assert case_a.status == Status.CLOSED
    assert any("不能执行" in m for m in _messages(refused))
    _step(login(supervisor), case_a, "reopen", {"note": "市民反映问题未解决"})

    assert case_a.status == Status.ACCEPTED
    assert case_a.closed_at is None
    assert case_a.events.get(action="reopen").actor == supervisor


def test_internal_notes_never_reach_the_citizen(login, officer_a, department_a, client):
    submitted = services.case_submit(
        submission=services.CaseSubmission(
            kind="consultation",
            title="失业补贴怎么申领",
            content="请问失业补贴需要哪些材料？",
            department_id=department_a.id,
            contact_name="王先生",
            contact_phone="13800002222",
            channel="h5",
        )
    )
    case = submitted.case
    _step(login(officer_a), case, "note", {"note": "该市民已多次来电"})
    _step(login(officer_a), case, "accept", {"note": "已受理"})

    response = client.post(
        "/api/v1/cases/lookup/",
        {"number": case.number, "query_code": submitted.query_code},
        content_type="application/json",
    )

    notes = [event["note"] for event in response.json()["timeline"]]
    assert "已受理" in notes
    assert "该市民已多次来电" not in response.content.decode()
    assert case.events.get(action="note").is_public is False


def test_overdue_and_due_soon_marks(login, officer_a, case_a, department_a):
    Case.objects.filter(pk=case_a.pk).update(
        due_at=case_a.submitted_at - timedelta(days=1)
    )

    response = login(officer_a).get(
        reverse("admin:cases_case_changelist"), {"deadline": "overdue"}
    )

    assert [c.pk for c in response.context["cl"].result_list] == [case_a.pk]
    assert "已超期" in response.content.decode()
