"""分拨, 签收, 退单 review and 紧急, through the services: what each changes, and
each refusal (Chinese, naming the field, nothing saved)."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseEvent, DispatchRule
from departments.services import dispatch_center
from kernel import workdays
from tests.cases.helpers import submit_case
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
Status = Case.Status
WEDNESDAY_10 = datetime.fromisoformat("2026-12-02T10:00:00+08:00")
THURSDAY_15 = datetime.fromisoformat("2026-12-03T15:00:00+08:00")


def _queued_case():
    """A case no rule placed: at the dispatch centre, 待分拨."""
    case = submit_case(
        department_id=None, title="其他问题", content="一些其他问题。"
    ).case
    case.refresh_from_db()
    assert case.status == Status.DISPATCHING
    return case


def _events(case):
    return CaseEvent.objects.filter(case=case).count()


def test_a_dispatcher_places_a_queued_case_which_must_be_signed_for(
    freeze_now, dispatcher, department_a
):
    freeze_now(WEDNESDAY_10)
    case = _queued_case()
    now = freeze_now(THURSDAY_15)

    case = services.case_dispatch(
        case=case, to_department_id=department_a.pk, actor=dispatcher
    )

    assert (case.department, case.status) == (department_a, Status.SUBMITTED)
    assert case.sign_due_at == workdays.add_working_hours(start=now, hours=4)
    assert (case.signed_at, case.assignee, case.status_before) == (None, None, "")
    event = case.events.latest("pk")
    assert (event.action, event.actor, event.to_department) == (
        "dispatch",
        dispatcher,
        department_a,
    )
    assert event.from_department == dispatch_center()


def test_accept_is_refused_until_the_department_signs(
    dispatcher, officer_a, department_a
):
    case = services.case_dispatch(
        case=_queued_case(), to_department_id=department_a.pk, actor=dispatcher
    )

    with pytest.raises(ValidationError) as refused:
        services.case_transition(case=case, to_status=Status.ACCEPTED, actor=officer_a)
    assert "请先签收" in refused.value.message_dict["status"][0]

    case = services.case_sign(case=case, actor=officer_a)
    assert case.signed_at is not None
    assert case.events.latest("pk").action == "sign"
    case = services.case_transition(
        case=case, to_status=Status.ACCEPTED, actor=officer_a
    )
    assert case.status == Status.ACCEPTED


def test_signing_twice_is_refused(dispatcher, officer_a, department_a):
    case = services.case_dispatch(
        case=_queued_case(), to_department_id=department_a.pk, actor=dispatcher
    )
    services.case_sign(case=case, actor=officer_a)
    events = _events(case)

    with pytest.raises(ValidationError) as refused:
        services.case_sign(case=case, actor=officer_a)

    assert refused.value.message_dict["status"] == ["该诉求无需签收或已经签收。"]
    assert _events(case) == events


def test_a_transfer_must_be_signed_for_by_the_receiving_department(
    freeze_now, officer_a, department_a, department_b
):
    now = freeze_now(WEDNESDAY_10)
    case = submit_case(department=department_a).case

    case = services.case_transfer(
        case=case, to_department_id=department_b.pk, actor=officer_a, reason="属B职责"
    )

    assert case.sign_due_at == workdays.add_working_hours(start=now, hours=4)
    assert case.signed_at is None


def test_send_back_needs_its_basis_and_keeps_both_in_the_note(officer_a, department_a):
    case = submit_case(department=department_a).case
    services.case_transition(case=case, to_status=Status.ACCEPTED, actor=officer_a)

    with pytest.raises(ValidationError) as refused:
        services.case_send_back(case=case, actor=officer_a, reason="非本部门职责")
    assert refused.value.message_dict == {
        "basis": ["请填写退单依据，如部门职责清单的条目。"]
    }
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED

    case = services.case_send_back(
        case=case, actor=officer_a, reason="非本部门职责", basis="职责清单第3条"
    )
    assert (case.status, case.status_before) == (Status.RETURNED, Status.ACCEPTED)
    event = case.events.latest("pk")
    assert "非本部门职责" in event.note and "职责清单第3条" in event.note
    assert event.is_public is False


def test_refusing_a_return_sends_it_back_with_the_clock_running(
    freeze_now, officer_a, dispatcher, department_a
):
    freeze_now(WEDNESDAY_10)
    case = submit_case(department=department_a).case
    services.case_transition(case=case, to_status=Status.ACCEPTED, actor=officer_a)
    case = services.case_send_back(
        case=case, actor=officer_a, reason="非本部门职责", basis="职责清单"
    )
    due_at = case.due_at
    freeze_now(THURSDAY_15)

    case = services.case_return_refuse(
        case=case, actor=dispatcher, reason="职责清单第5条写明属本部门"
    )

    assert (case.department, case.status, case.status_before) == (
        department_a,
        Status.ACCEPTED,
        "",
    )
    assert case.due_at == due_at
    event = case.events.latest("pk")
    assert (event.action, event.actor) == ("return_refuse", dispatcher)
    assert "职责清单第5条" in event.note


def test_accepting_a_return_redispatches_it_with_a_fresh_clock(
    freeze_now, officer_a, dispatcher, department_a, department_b
):
    freeze_now(WEDNESDAY_10)
    case = submit_case(department=department_a).case
    case = services.case_send_back(
        case=case, actor=officer_a, reason="非本部门职责", basis="职责清单"
    )
    now = freeze_now(THURSDAY_15)

    case = services.case_dispatch(
        case=case, to_department_id=department_b.pk, actor=dispatcher
    )

    assert (case.department, case.status, case.status_before) == (
        department_b,
        Status.SUBMITTED,
        "",
    )
    assert case.sign_due_at == workdays.add_working_hours(start=now, hours=4)


def test_refusing_a_case_that_was_not_returned_is_refused(dispatcher, department_a):
    case = submit_case(department=department_a).case

    with pytest.raises(ValidationError) as refused:
        services.case_return_refuse(case=case, actor=dispatcher, reason="理由")

    assert refused.value.message_dict["status"] == ["只有已退回的诉求可以驳回退单。"]
    assert _events(case) == 1


def test_refusing_a_return_needs_a_reason(officer_a, dispatcher, department_a):
    case = services.case_send_back(
        case=submit_case(department=department_a).case,
        actor=officer_a,
        reason="非本部门职责",
        basis="职责清单",
    )

    with pytest.raises(ValidationError) as refused:
        services.case_return_refuse(case=case, actor=dispatcher, reason="  ")

    assert refused.value.message_dict == {"reason": ["请填写驳回退单的理由。"]}
    case.refresh_from_db()
    assert case.status == Status.RETURNED


@pytest.mark.parametrize("target", ["centre", "inactive", "missing", "returner"])
def test_dispatching_to_no_proper_department_is_refused(
    officer_a, dispatcher, department_a, target
):
    case = services.case_send_back(
        case=submit_case(department=department_a).case,
        actor=officer_a,
        reason="非本部门职责",
        basis="职责清单",
    )
    to_department_id = {
        "centre": lambda: dispatch_center().pk,
        "inactive": lambda: DepartmentFactory(is_active=False).pk,
        "missing": lambda: 999999,
        "returner": lambda: department_a.pk,
    }[target]()
    events = _events(case)

    with pytest.raises(ValidationError) as refused:
        services.case_dispatch(
            case=case, to_department_id=to_department_id, actor=dispatcher
        )

    message = refused.value.message_dict["to_department"][0]
    assert "部门" in message
    case.refresh_from_db()
    assert (case.status, case.department) == (Status.RETURNED, department_a)
    assert _events(case) == events


def test_a_dispatcher_cannot_accept_or_reply(dispatcher, department_a):
    case = submit_case(department=department_a).case

    with pytest.raises(PermissionDenied):
        services.case_transition(case=case, to_status=Status.ACCEPTED, actor=dispatcher)
    Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.case_transition(
            case=case, to_status=Status.REPLIED, actor=dispatcher, reply="答复"
        )
    case.refresh_from_db()
    assert (case.status, case.reply) == (Status.ACCEPTED, "")


def test_an_officer_cannot_dispatch_or_refuse_a_return(
    officer_a, department_a, department_b
):
    case = services.case_send_back(
        case=submit_case(department=department_a).case,
        actor=officer_a,
        reason="非本部门职责",
        basis="职责清单",
    )

    with pytest.raises(PermissionDenied):
        services.case_dispatch(
            case=case, to_department_id=department_b.pk, actor=officer_a
        )
    with pytest.raises(PermissionDenied):
        services.case_return_refuse(case=case, actor=officer_a, reason="理由")


def test_marking_urgent_shortens_the_due_date_to_working_hours(
    freeze_now, officer_a, department_a
):
    now = freeze_now(WEDNESDAY_10)
    case = submit_case(department=department_a).case

    case = services.case_mark_urgent(case=case, actor=officer_a, reason="涉及人身安全")

    assert case.is_urgent is True
    assert case.due_at == workdays.add_working_hours(start=now, hours=7)
    assert case.events.latest("pk").note == "涉及人身安全"


def test_marking_urgent_never_lengthens_a_shorter_limit(
    freeze_now, officer_a, department_a
):
    freeze_now(WEDNESDAY_10)
    case = submit_case(department=department_a).case
    soon = workdays.add_working_hours(start=WEDNESDAY_10, hours=1)
    Case.objects.filter(pk=case.pk).update(due_at=soon)

    case = services.case_mark_urgent(case=case, actor=officer_a, reason="紧急")

    assert case.due_at == soon


def test_marking_urgent_twice_or_without_a_reason_is_refused(officer_a, department_a):
    case = submit_case(department=department_a).case

    with pytest.raises(ValidationError) as no_reason:
        services.case_mark_urgent(case=case, actor=officer_a, reason="")
    assert no_reason.value.message_dict == {"reason": ["请填写标记紧急的原因。"]}
    services.case_mark_urgent(case=case, actor=officer_a, reason="涉及人身安全")
    with pytest.raises(ValidationError) as twice:
        services.case_mark_urgent(case=case, actor=officer_a, reason="再次")
    assert twice.value.message_dict == {"reason": ["该诉求已是紧急件。"]}
    assert case.events.filter(action="urgent").count() == 1


def test_an_urgent_case_dispatched_keeps_its_urgent_limit(
    freeze_now, dispatcher, department_a, department_b
):
    DispatchRule.objects.create(
        name="燃气", keywords="燃气", department=department_b, marks_urgent=True
    )
    freeze_now(WEDNESDAY_10)
    case = submit_case(
        department_id=None, title="燃气味", content="楼道有燃气味。"
    ).case
    case = services.case_send_back(
        case=case, actor=None, reason="非本部门", basis="职责清单"
    )
    now = freeze_now(THURSDAY_15)

    case = services.case_dispatch(
        case=case, to_department_id=department_a.pk, actor=dispatcher
    )

    assert case.is_urgent is True
    assert case.due_at == workdays.add_working_hours(start=now, hours=7)
