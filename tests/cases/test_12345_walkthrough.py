"""Issue 18's walk-through: one complaint from the citizen's phone to the rating of
its second answer, the way a 12345 office handles it.

A citizen who does not know the department submits through the API; the 派单目录
has no rule for it, so it lands in the city's dispatch queue; a 分拨员 dispatches it;
the department signs for it (签收), accepts it and names its 承办人; the officer asks
the citizen for 补充材料 on a Thursday and the citizen answers through the look-up on
Monday, so the due date moves by the two paused working days; the environment bureau
adds its 协办意见; the case is answered and closed; the 回访 finds the citizen
不满意, so it is handled again (重办) with a new due date, answered and closed again,
and the citizen rates the new answer. Each step goes through the part that owns it
(services for staff, the public API for the citizen), with the clock frozen at
each moment (tests/conftest.py freeze_now), and the test then reads what everyone
sees: the timeline, the citizen's look-up, the outbox and the figures.

A second test takes the short way: a keyword of the catalogue sends the case
straight to a department, which must sign for it within SIGN_FOR_HOURS working
hours; an urgent rule's case is due the same working day.
"""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseAttachment, CaseCallback, CoHandling, DispatchRule
from kernel.workdays import SHANGHAI
from notifications.models import Message
from tests.cases.helpers import LOOKUP_URL, SUBMIT_URL, photo

pytestmark = pytest.mark.django_db
Status = Case.Status
EVALUATION_URL = "/api/v1/cases/evaluation/"
STATS_URL = "/api/v1/stats/"
CITIZEN_PHONE = "13812345678"
CITIZEN = "138****5678"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A moment of November 2026 in Beijing (16th: a Monday; no holidays)."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def end_of(day: int, month: int = 11) -> datetime:
    """The due moment of a working-day limit: the end of that day in Beijing."""
    return datetime(2026, month, day, 23, 59, 59, 999999, tzinfo=SHANGHAI)


@pytest.fixture
def staff(officer_a, head_a, officer_b, dispatcher):
    """The named users, each with an address so that their messages are queued."""
    for user in (officer_a, head_a, officer_b, dispatcher):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    return {u.username: u for u in (officer_a, head_a, officer_b, dispatcher)}


@pytest.fixture
def catalogue(department_a, department_b):
    """A 派单目录 with rules the walk-through's complaint does not hit."""
    DispatchRule.objects.create(
        name="路灯", sort_order=10, keywords="路灯、灯杆", department=department_a
    )
    DispatchRule.objects.create(
        name="燃气泄漏",
        sort_order=20,
        keywords="燃气,煤气",
        department=department_b,
        marks_urgent=True,
    )


def _submit(api_client, **fields):
    body = {
        "kind": "complaint",
        "title": "小区门口井盖缺失",
        "content": "幸福路东口的井盖丢了好几天，晚上路过很危险，请尽快处理。",
        "complainee": "幸福路东口",
        "contact_name": "王小明",
        "contact_phone": CITIZEN_PHONE,
        "sms_consent": True,
        **fields,
    }
    response = api_client.post(SUBMIT_URL, body, format="json")
    assert response.status_code == 201, response.content.decode()
    return response.json()


def _timeline(case):
    return [
        (e.action, e.actor.username if e.actor else None, e.is_public)
        for e in case.events.select_related("actor").order_by("created_at", "id")
    ]


def _outbox(case):
    return [
        (m.event, m.channel, m.recipient_masked)
        for m in Message.objects.filter(about=f"cases.case:{case.pk}").order_by("id")
    ]


@pytest.mark.usefixtures("tasks_at_once")
def test_one_complaint_walks_from_the_dispatch_queue_to_the_rating_of_its_redo(
    api_client, freeze_now, department_a, department_b, staff, catalogue
):
    officer, head = staff["officer_a"], staff["head_a"]
    co_officer, dispatcher = staff["officer_b"], staff["dispatcher"]

    # Monday 09:00: no department named, no rule hit → the city's dispatch queue.
    freeze_now(at(16, 9))
    answer = _submit(api_client)
    code = answer["query_code"]
    case = Case.objects.get(number=answer["number"])
    assert case.status == Status.DISPATCHING
    assert case.department.is_dispatch_center
    assert case.routed_by is None
    assert case.due_at == end_of(23)  # five working days for a complaint

    freeze_now(at(16, 10))
    services.case_dispatch(
        case=case,
        to_department_id=department_a.id,
        actor=dispatcher,
        note="井盖属市政设施，派城管部门处理。",
    )
    case.refresh_from_db()
    assert (case.status, case.department) == (Status.SUBMITTED, department_a)
    # Four office hours: 10:00-12:00 and 13:00-15:00.
    assert case.sign_due_at == at(16, 15)

    # The dispatcher places cases and answers none.
    with pytest.raises(PermissionDenied):
        services.case_transition(case=case, to_status=Status.ACCEPTED, actor=dispatcher)

    freeze_now(at(16, 11))
    services.case_sign(case=case, actor=officer)
    freeze_now(at(16, 11, 5))
    services.case_transition(case=case, to_status=Status.ACCEPTED, actor=officer)
    freeze_now(at(16, 11, 10))
    services.case_assign(case=case, actor=head, assignee=officer)
    case.refresh_from_db()
    assert case.signed_at == at(16, 11)
    assert case.assignee == officer

    # Thursday: the officer asks for photos; the clock stops over the weekend.
    freeze_now(at(19, 10))
    services.info_request(
        case=case, actor=officer, question="请拍一张井盖缺失处的照片，并说明门牌号。"
    )
    case.refresh_from_db()
    assert case.status == Status.WAITING
    looked_up = api_client.post(
        LOOKUP_URL, {"number": case.number, "query_code": code}, format="json"
    )
    assert looked_up.status_code == 200
    assert "请拍一张井盖缺失处的照片" in looked_up.content.decode()

    # Monday: the citizen answers through the look-up with the query code; a
    # wrong code is not found and changes nothing.
    freeze_now(at(23, 10))
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    refused = api_client.post(
        f"/api/v1/cases/{case.number}/supplement/",
        {"query_code": wrong, "content": "照片已拍。"},
        format="multipart",
    )
    assert refused.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.WAITING
    supplied = api_client.post(
        f"/api/v1/cases/{case.number}/supplement/",
        {
            "query_code": code,
            "content": "照片已拍，位置在幸福路18号门口。",
            "photos": [photo()],
        },
        format="multipart",
    )
    assert supplied.status_code == 201, supplied.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    # Paused Thursday 19th to Monday 23rd: two working days (Fri, Mon) added.
    assert case.due_at == end_of(25)
    assert case.paused_seconds == timedelta(days=4).total_seconds()
    assert case.paused_at is None
    supplement = CaseAttachment.objects.get(case=case)
    assert supplement.event.action == "info_supply"

    freeze_now(at(23, 11))
    services.co_handling_invite(
        case=case,
        actor=officer,
        department_ids=[department_b.id],
        note="请就施工围挡责任提出意见。",
    )
    freeze_now(at(24, 10))
    # A co-handler adds its opinion; it cannot answer for the main department.
    with pytest.raises(PermissionDenied):
        services.case_transition(
            case=case, to_status=Status.REPLIED, actor=co_officer, reply="代为答复"
        )
    services.co_handling_answer(
        case=case, actor=co_officer, opinion="井盖属施工单位临时移除，已责令恢复。"
    )
    co_handling = CoHandling.objects.get(case=case)
    assert co_handling.department == department_b
    assert co_handling.due_at == end_of(26)  # CO_HANDLING_DAYS = 3
    assert (co_handling.answered_by, co_handling.answered_at) == (
        co_officer,
        at(24, 10),
    )

    freeze_now(at(24, 15))
    services.case_transition(
        case=case,
        to_status=Status.REPLIED,
        actor=officer,
        reply="已责令施工单位补装井盖，并设置警示标志。",
    )
    freeze_now(at(24, 16))
    services.case_transition(case=case, to_status=Status.CLOSED, actor=officer)
    case.refresh_from_db()
    assert case.callback_due_at == end_of(27)  # CALLBACK_DAYS = 3

    # Wednesday: the callback finds the citizen unhappy → 重办, a new due date.
    freeze_now(at(25, 10))
    services.case_callback(
        case=case, actor=officer, result="dissatisfied", note="井盖补装后又被移走。"
    )
    case.refresh_from_db()
    assert (case.status, case.redo_count) == (Status.ACCEPTED, 1)
    assert case.due_at == end_of(2, month=12)  # five working days from the 25th
    assert CaseCallback.objects.get(case=case).round == 0

    freeze_now(at(26, 10))
    services.case_transition(
        case=case,
        to_status=Status.REPLIED,
        actor=officer,
        reply="已更换为防盗井盖，并安排每日巡查。",
    )
    freeze_now(at(26, 11))
    services.case_transition(case=case, to_status=Status.CLOSED, actor=officer)

    freeze_now(at(26, 12))
    rated = api_client.post(
        EVALUATION_URL,
        {"number": case.number, "query_code": code, "level": 4, "comment": "满意。"},
        format="json",
    )
    assert rated.status_code == 201, rated.content.decode()
    assert (rated.json()["level"], rated.json()["reply_round"]) == (4, 2)

    case.refresh_from_db()
    _assert_the_timeline(case, api_client, code)
    _assert_the_outbox(case)
    _assert_the_figures(api_client, department_a, department_b)


def _assert_the_timeline(case, api_client, code):
    assert _timeline(case) == [
        ("submit", None, True),
        ("route", None, False),
        ("dispatch", "dispatcher", True),
        ("sign", "officer_a", False),
        ("accept", "officer_a", True),
        ("assign", "head_a", False),
        ("info_request", "officer_a", True),
        ("info_supply", None, True),
        ("co_handle_invite", "officer_a", False),
        ("co_handle_opinion", "officer_b", False),
        ("reply", "officer_a", True),
        ("close", "officer_a", True),
        ("callback", "officer_a", False),
        ("redo", "officer_a", True),
        ("reply", "officer_a", True),
        ("close", "officer_a", True),
    ]
    # The citizen's look-up shows the public steps only, and the latest answer.
    body = api_client.post(
        LOOKUP_URL, {"number": case.number, "query_code": code}, format="json"
    ).json()
    public = [action for action, _actor, is_public in _timeline(case) if is_public]
    assert [event["action"] for event in body["timeline"]] == public
    assert body["reply"] == "已更换为防盗井盖，并安排每日巡查。"
    assert body["status"] == Status.CLOSED
    # The internal notes (the co-handler's opinion, the callback) stay internal.
    assert "施工单位临时移除" not in str(body)
    assert "又被移走" not in str(body)


def _assert_the_outbox(case):
    outbox = _outbox(case)
    citizen = [event for event, channel, to in outbox if to == CITIZEN]
    assert citizen == [
        "case.registered",
        "case.transferred",
        "case.accepted",
        "case.info_requested",
        "case.replied",
        "case.closed",
        "case.redo",
        "case.replied",
        "case.closed",
    ]
    assert {channel for _e, channel, to in outbox if to == CITIZEN} == {"sms"}
    # Staff by their default channel, e-mail: whom each step concerns.
    staff = {(event, to) for event, channel, to in outbox if channel == "email"}
    assert staff == {
        ("staff.to_dispatch", "d***@example.gov.cn"),  # the queue's dispatcher
        ("staff.new_case", "o***@example.gov.cn"),  # officer_a, on the dispatch
        ("staff.new_case", "h***@example.gov.cn"),  # head_a
        ("staff.assigned", "o***@example.gov.cn"),  # officer_a, by head_a
        ("staff.info_supplied", "o***@example.gov.cn"),  # the assignee
        ("staff.co_handle", "o***@example.gov.cn"),  # officer_b
    }
    # The phone is stored masked and hashed only; never in clear text.
    assert not Message.objects.filter(recipient_masked__contains=CITIZEN_PHONE)
    assert CITIZEN_PHONE not in "".join(Message.objects.values_list("text", flat=True))


def _assert_the_figures(api_client, main, co_handling):
    response = api_client.get(STATS_URL, {"year": 2026})
    assert response.status_code == 200, response.content.decode()
    rows = {row["id"]: row for row in response.json()["departments"]}
    row = rows[main.id]
    assert (row["received"], row["answered"], row["returned"]) == (1, 1, 0)
    assert row["on_time_rate"] == 1.0
    assert row["sign_on_time_rate"] == 1.0
    assert row["return_rate"] == 0.0
    assert row["redo_rate"] == 1.0
    assert row["callback_rate"] == 1.0
    assert row["callback_satisfaction_rate"] == 0.0  # the one callback: 不满意
    # The 协办 counts in the co-handling department's own figures.
    assert rows[co_handling.id]["co_handling_on_time_rate"] == 1.0
    assert rows[co_handling.id]["received"] == 0
    # docs/dashboard.md: "from arrival to the latest answer, minus the working
    # days of each pause". Submitted Monday 16th, answered again after the 重办 on
    # Thursday 26th: eight working days, two of them (Friday, Monday) paused
    # waiting for the citizen.
    assert row["average_handling_workdays"] == 6.0


def test_a_catalogue_keyword_sends_a_case_straight_to_a_department_to_sign_for(
    api_client, freeze_now, department_a, department_b, staff, catalogue
):
    # Friday 16:00: one office hour left, so the four hours end Monday 12:00.
    freeze_now(at(20, 16))
    lamp = Case.objects.get(number=_submit(api_client, title="路灯不亮")["number"])
    gas = Case.objects.get(
        number=_submit(
            api_client, title="楼道有燃气味", content="楼道里燃气味很重，担心泄漏。"
        )["number"]
    )

    assert (lamp.status, lamp.department) == (Status.SUBMITTED, department_a)
    assert lamp.routed_by.name == "路灯"
    assert lamp.sign_due_at == at(23, 12)
    assert not lamp.is_urgent
    assert _timeline(lamp) == [("submit", None, True), ("route", None, False)]
    assert "路灯" in lamp.events.get(action="route").note
    # An urgent rule: seven office hours, Friday's last one and six on Monday.
    assert (gas.department, gas.is_urgent) == (department_b, True)
    assert gas.due_at == at(23, 16)

    # Accepting before signing is refused with the table's message.
    freeze_now(at(23, 9))
    with pytest.raises(ValidationError, match="请先签收"):
        services.case_transition(
            case=lamp, to_status=Status.ACCEPTED, actor=staff["officer_a"]
        )
    services.case_sign(case=lamp, actor=staff["officer_a"])
    services.case_transition(
        case=lamp, to_status=Status.ACCEPTED, actor=staff["officer_a"]
    )
    lamp.refresh_from_db()
    assert (lamp.status, lamp.signed_at) == (Status.ACCEPTED, at(23, 9))
    # The citizen is told of the registration once, not of the routing too.
    assert [e for e, _c, to in _outbox(lamp) if to == CITIZEN] == [
        "case.registered",
        "case.accepted",
    ]
