"""协办: the main department invites other departments, each answers once within
its own time limit; a co-handler sees the case but can do nothing else with it,
and never sees the citizen's contact details."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import selectors, services
from cases.models import Case, CaseEvent, CoHandling, ContactAccess
from tests.cases.helpers import is_chinese, submit_case
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
Status = Case.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Thursday: three working days later is the next Tuesday.
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def case_a(department_a, officer_a):
    case = submit_case(department=department_a).case
    return services.case_transition(
        case=case, to_status=Status.ACCEPTED, actor=officer_a
    )


@pytest.fixture
def department_c():
    return DepartmentFactory(name="城市管理局", code="dept-c")


def _events(case, action):
    return list(CaseEvent.objects.filter(case=case, action=action).order_by("id"))


def test_the_main_department_invites_two_departments_with_one_event(
    freeze_now, case_a, officer_a, department_b, department_c
):
    freeze_now(THURSDAY)

    rows = services.co_handling_invite(
        case=case_a,
        actor=officer_a,
        department_ids=[department_b.pk, department_c.pk],
        note="请提供管网资料",
    )

    assert [row.department for row in rows] == [department_b, department_c]
    due = datetime(2026, 12, 1, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    for row in CoHandling.objects.filter(case=case_a):
        assert (row.invited_by, row.invited_at, row.due_at) == (
            officer_a,
            THURSDAY,
            due,
        )
        assert (row.opinion, row.answered_by, row.answered_at) == ("", None, None)
    [event] = _events(case_a, CaseEvent.Action.CO_HANDLE_INVITE)
    assert event.note == (
        "邀请环境保护局、城市管理局协办，协办时限 2026-12-01。请提供管网资料"
    )
    assert (event.actor, event.is_public, event.created_at) == (
        officer_a,
        False,
        THURSDAY,
    )


def _refused_invite(case, actor, department_ids):
    with pytest.raises(ValidationError) as excinfo:
        services.co_handling_invite(
            case=case, actor=actor, department_ids=department_ids
        )
    messages = excinfo.value.message_dict["departments"]
    assert all(is_chinese(message) for message in messages)
    assert not CoHandling.objects.filter(case=case).exists()
    assert _events(case, CaseEvent.Action.CO_HANDLE_INVITE) == []
    return messages


def test_it_refuses_no_department(case_a, officer_a):
    assert _refused_invite(case_a, officer_a, []) == ["请选择协办部门。"]


def test_it_refuses_the_cases_own_department(case_a, officer_a, department_a):
    assert _refused_invite(case_a, officer_a, [department_a.pk]) == [
        "不能邀请本部门协办。"
    ]


@pytest.mark.parametrize(
    "kind", ["closed", "dispatch_centre", "missing", "not_a_number"]
)
def test_it_refuses_a_department_that_cannot_co_handle(
    kind, case_a, officer_a, department_b
):
    department_id = {
        "closed": lambda: DepartmentFactory(is_active=False).pk,
        "dispatch_centre": lambda: DepartmentFactory(is_dispatch_center=True).pk,
        "missing": lambda: 999999,
        "not_a_number": lambda: "abc",
    }[kind]()

    # One bad department refuses the whole invitation, the good one included.
    assert _refused_invite(case_a, officer_a, [department_b.pk, department_id]) == [
        "所选协办部门不存在或已停用，分拨中心不能协办。"
    ]


def test_it_refuses_a_department_invited_before(
    case_a, officer_a, department_b, department_c
):
    services.co_handling_invite(
        case=case_a, actor=officer_a, department_ids=[department_b.pk]
    )

    with pytest.raises(ValidationError) as excinfo:
        services.co_handling_invite(
            case=case_a,
            actor=officer_a,
            department_ids=[department_c.pk, department_b.pk],
        )

    assert excinfo.value.message_dict["departments"] == [
        "已邀请过以下部门协办：环境保护局。"
    ]
    assert list(
        CoHandling.objects.filter(case=case_a).values_list("department", flat=True)
    ) == [department_b.pk]


def test_a_department_listed_twice_is_invited_once(case_a, officer_a, department_b):
    services.co_handling_invite(
        case=case_a, actor=officer_a, department_ids=[department_b.pk] * 2
    )

    assert CoHandling.objects.filter(case=case_a).count() == 1


def test_a_co_handler_cannot_invite_others(case_a, officer_a, officer_b, department_b):
    services.co_handling_invite(
        case=case_a, actor=officer_a, department_ids=[department_b.pk]
    )
    other = DepartmentFactory()

    with pytest.raises(PermissionDenied):
        services.co_handling_invite(
            case=case_a, actor=officer_b, department_ids=[other.pk]
        )


@pytest.fixture
def invited(case_a, officer_a, department_b, freeze_now):
    freeze_now(THURSDAY)
    services.co_handling_invite(
        case=case_a, actor=officer_a, department_ids=[department_b.pk]
    )
    return case_a


def test_the_invited_department_answers_once(invited, officer_b, freeze_now):
    answered_at = freeze_now(datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI))

    row = services.co_handling_answer(
        case=invited, actor=officer_b, opinion="  管网由我局负责，已安排疏通。 "
    )

    row.refresh_from_db()
    assert (row.opinion, row.answered_by, row.answered_at) == (
        "管网由我局负责，已安排疏通。",
        officer_b,
        answered_at,
    )
    [event] = _events(invited, CaseEvent.Action.CO_HANDLE_OPINION)
    assert (event.actor, event.note, event.is_public) == (
        officer_b,
        "环境保护局：管网由我局负责，已安排疏通。",
        False,
    )
    with pytest.raises(PermissionDenied) as excinfo:
        services.co_handling_answer(case=invited, actor=officer_b, opinion="补充")
    assert str(excinfo.value) == "只有受邀协办且尚未提交意见的部门可以提交协办意见。"
    assert len(_events(invited, CaseEvent.Action.CO_HANDLE_OPINION)) == 1


def test_an_empty_opinion_is_refused_and_nothing_saved(invited, officer_b):
    with pytest.raises(ValidationError) as excinfo:
        services.co_handling_answer(case=invited, actor=officer_b, opinion="  ")

    assert excinfo.value.message_dict["opinion"] == ["请填写协办意见。"]
    assert CoHandling.objects.get(case=invited).answered_at is None


@pytest.mark.parametrize("who", ["officer_a", "head_a", "supervisor", "dispatcher"])
def test_only_the_invited_department_writes_its_opinion(request, who, invited):
    with pytest.raises(PermissionDenied):
        services.co_handling_answer(
            case=invited, actor=request.getfixturevalue(who), opinion="代为答复"
        )
    assert CoHandling.objects.get(case=invited).answered_at is None


def test_an_answered_case_takes_no_more_opinions(invited, officer_a, officer_b):
    services.case_transition(
        case=invited, to_status=Status.REPLIED, actor=officer_a, reply="已处理。"
    )

    with pytest.raises(ValidationError) as excinfo:
        services.co_handling_answer(case=invited, actor=officer_b, opinion="迟到")

    assert excinfo.value.message_dict["status"] == [
        "该诉求已答复，不能再提交协办意见。"
    ]


def test_officer_b_sees_the_case_only_once_invited(
    case_a, officer_a, officer_b, department_b
):
    assert not selectors.cases_for_staff(user=officer_b).filter(pk=case_a.pk).exists()

    services.co_handling_invite(
        case=case_a, actor=officer_a, department_ids=[department_b.pk]
    )

    assert selectors.cases_for_staff(user=officer_b).filter(pk=case_a.pk).exists()


@pytest.mark.parametrize(
    "take",
    [
        lambda case, user: services.case_transition(
            case=case, to_status=Status.REPLIED, actor=user, reply="代为答复"
        ),
        lambda case, user: services.case_transition(
            case=case, to_status=Status.REJECTED, actor=user, reason="不归我们管"
        ),
        lambda case, user: services.case_transfer(
            case=case, to_department_id=case.department_id, actor=user, reason="转"
        ),
        lambda case, user: services.case_add_note(case=case, actor=user, note="备注"),
    ],
    ids=["reply", "reject", "transfer", "note"],
)
def test_a_co_handler_cannot_answer_for_the_main_department(take, invited, officer_b):
    events_before = CaseEvent.objects.filter(case=invited).count()

    with pytest.raises(PermissionDenied) as excinfo:
        take(invited, officer_b)

    assert str(excinfo.value) == "您无权办理其他部门的诉求。"
    invited.refresh_from_db()
    assert invited.status == Status.ACCEPTED
    assert CaseEvent.objects.filter(case=invited).count() == events_before


def test_a_co_handler_cannot_accept_a_submitted_case(
    department_a, officer_a, officer_b, department_b
):
    case = submit_case(department=department_a).case
    CoHandling.objects.create(
        case=case, department=department_b, invited_at=THURSDAY, due_at=THURSDAY
    )

    with pytest.raises(PermissionDenied):
        services.case_transition(case=case, to_status=Status.ACCEPTED, actor=officer_b)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_a_co_handler_cannot_reveal_the_citizens_contact(invited, officer_b):
    with pytest.raises(PermissionDenied):
        services.case_reveal_contact(case=invited, actor=officer_b)

    assert not ContactAccess.objects.filter(case=invited).exists()
