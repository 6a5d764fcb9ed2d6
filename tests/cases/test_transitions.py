"""cases.services.case_transition: the only way a case changes status."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case, CaseEvent
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db

SUBMITTED_AT = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def staff(officer_a):
    """An officer of the case's department."""
    return officer_a


@pytest.fixture
def case(department_a):
    return submit_case(department=department_a, now=SUBMITTED_AT).case


def move(case, to_status, **kwargs):
    return services.case_transition(case=case, to_status=to_status, **kwargs)


def events(case):
    return list(
        CaseEvent.objects.filter(case=case).values_list(
            "from_status", "to_status", "actor", "created_at", "note"
        )
    )


def test_a_case_goes_from_submitted_to_closed_with_an_event_for_each_step(case, staff):
    accepted_at = SUBMITTED_AT + timedelta(hours=1)
    replied_at = SUBMITTED_AT + timedelta(days=1)
    closed_at = SUBMITTED_AT + timedelta(days=2)

    move(case, "accepted", actor=staff, note="已受理", now=accepted_at)
    move(case, "replied", actor=staff, reply="  已答复市民。  ", now=replied_at)
    move(case, "closed", actor=staff, now=closed_at)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert (case.accepted_at, case.replied_at, case.closed_at) == (
        accepted_at,
        replied_at,
        closed_at,
    )
    assert case.rejected_at is None
    assert case.reply == "已答复市民。"
    assert events(case) == [
        ("", "submitted", None, SUBMITTED_AT, "市民提交"),
        ("submitted", "accepted", staff.id, accepted_at, "已受理"),
        # The reply event keeps the answer's text (a later answer replaces `reply`).
        ("accepted", "replied", staff.id, replied_at, "已答复市民。"),
        ("replied", "closed", staff.id, closed_at, ""),
    ]


def test_it_returns_the_moved_case(case):
    moved = move(case, "accepted")

    assert moved.pk == case.pk
    assert moved.status == "accepted"
    assert moved.accepted_at is not None


def test_each_step_stamps_only_its_own_time(case):
    move(case, "accepted", now=SUBMITTED_AT + timedelta(hours=1))

    case.refresh_from_db()
    assert case.accepted_at == SUBMITTED_AT + timedelta(hours=1)
    assert (case.replied_at, case.closed_at, case.rejected_at) == (None, None, None)


@pytest.mark.parametrize("reply", ["", "   "])
def test_replying_needs_the_reply_text(case, reply):
    move(case, "accepted")
    before = events(case)

    with pytest.raises(ValidationError) as excinfo:
        move(case, "replied", reply=reply)

    assert excinfo.value.message_dict == {"reply": ["请填写答复内容。"]}
    case.refresh_from_db()
    assert case.status == "accepted"
    assert case.replied_at is None
    assert events(case) == before


def test_rejecting_from_submitted_records_the_reason(case, staff):
    rejected_at = SUBMITTED_AT + timedelta(hours=3)

    move(case, "rejected", actor=staff, reason=" 不属于本部门职责 ", now=rejected_at)

    case.refresh_from_db()
    assert case.status == "rejected"
    assert case.rejected_at == rejected_at
    assert case.rejection_reason == "不属于本部门职责"
    assert events(case)[-1] == (
        "submitted",
        "rejected",
        staff.id,
        rejected_at,
        "不属于本部门职责",
    )


def test_rejecting_is_allowed_after_accepting(case):
    move(case, "accepted")

    move(case, "rejected", reason="经核实不属实")

    case.refresh_from_db()
    assert case.status == "rejected"


@pytest.mark.parametrize("reason", ["", "  "])
def test_rejecting_needs_a_reason(case, reason):
    with pytest.raises(ValidationError) as excinfo:
        move(case, "rejected", reason=reason)

    assert excinfo.value.message_dict == {"reason": ["请填写不予受理的理由。"]}
    case.refresh_from_db()
    assert case.status == "submitted"
    assert case.rejected_at is None
    assert len(events(case)) == 1


def _closed(case):
    move(case, "accepted")
    move(case, "replied", reply="已答复。")
    return move(case, "closed")


def _rejected(case):
    return move(case, "rejected", reason="重复提交")


@pytest.mark.parametrize(
    ("prepare", "to_status", "from_label", "to_label"),
    [
        pytest.param(_closed, "replied", "已办结", "已答复", id="closed-to-replied"),
        pytest.param(
            lambda case: case, "closed", "待受理", "已办结", id="submitted-to-closed"
        ),
        pytest.param(
            lambda case: case, "replied", "待受理", "已答复", id="submitted-to-replied"
        ),
        pytest.param(
            _rejected, "accepted", "不予受理", "已受理", id="rejected-to-accepted"
        ),
        pytest.param(
            _closed, "rejected", "已办结", "不予受理", id="closed-to-rejected"
        ),
    ],
)
def test_it_refuses_a_move_not_on_the_map_naming_both_statuses(
    case, prepare, to_status, from_label, to_label
):
    case = prepare(case)
    case.refresh_from_db()
    status_before, updated_before, before = case.status, case.updated_at, events(case)

    with pytest.raises(ValidationError) as excinfo:
        move(case, to_status, reply="答复", reason="理由")

    [message] = excinfo.value.message_dict["status"]
    assert message == f"当前状态为“{from_label}”，不能变更为“{to_label}”。"
    case.refresh_from_db()
    assert (case.status, case.updated_at) == (status_before, updated_before)
    assert events(case) == before


def test_a_stale_copy_cannot_move_a_case_twice(case):
    stale = Case.objects.get(pk=case.pk)
    move(case, "accepted")

    with pytest.raises(ValidationError, match="已受理"):
        move(stale, "accepted")

    assert CaseEvent.objects.filter(case=case, to_status="accepted").count() == 1
