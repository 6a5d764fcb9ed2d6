"""补充材料 stops the clock: the due date moves by the working days the case
waited for the citizen, whoever ends the wait (the citizen, staff, the job)."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case, CaseEvent
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def end_of(year, month, day) -> datetime:
    return datetime(year, month, day, 23, 59, 59, 999999, tzinfo=SHANGHAI)


def accepted_case(freeze_now, department, *, submitted: datetime) -> Case:
    freeze_now(submitted)
    case = submit_case(department=department).case
    return services.case_transition(case=case, to_status=Status.ACCEPTED)


def test_asking_stores_the_question_pauses_the_clock_and_tells_the_citizen(
    freeze_now, department_a, officer_a
):
    case = accepted_case(freeze_now, department_a, submitted=at(2026, 11, 18, 10))
    asked = freeze_now(at(2026, 11, 20, 10))

    case = services.info_request(
        case=case, actor=officer_a, question="  请补充现场照片和具体门牌号。 "
    )

    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert case.info_question == "请补充现场照片和具体门牌号。"
    assert case.paused_at == asked
    event = case.events.latest("pk")
    assert (event.action, event.is_public, event.note, event.actor) == (
        CaseEvent.Action.INFO_REQUEST,
        True,
        "请补充现场照片和具体门牌号。",
        officer_a,
    )


def test_an_answer_after_a_weekend_moves_the_due_date_by_one_working_day(
    freeze_now, department_a, officer_a
):
    # Submitted Wednesday: due at the end of the third working day, Monday.
    case = accepted_case(freeze_now, department_a, submitted=at(2026, 11, 18, 10))
    assert case.due_at == end_of(2026, 11, 23)
    freeze_now(at(2026, 11, 20, 10))  # Friday
    case = services.info_request(case=case, actor=officer_a, question="请补充照片")
    freeze_now(at(2026, 11, 23, 9))  # Monday

    case = services.info_supply(case=case, content="照片已补充，位置在北门。")

    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    # Saturday and Sunday do not count; Monday does.
    assert case.due_at == end_of(2026, 11, 24)
    assert case.paused_seconds == (2 * 24 + 23) * 3600
    assert case.paused_at is None
    assert case.info_question == ""
    event = case.events.latest("pk")
    assert (event.action, event.actor, event.is_public, event.note) == (
        CaseEvent.Action.INFO_SUPPLY,
        None,
        True,
        "照片已补充，位置在北门。",
    )


def test_an_answer_the_same_day_leaves_the_due_date_alone(
    freeze_now, department_a, officer_a
):
    case = accepted_case(freeze_now, department_a, submitted=at(2026, 11, 18, 10))
    freeze_now(at(2026, 11, 19, 9))
    case = services.info_request(case=case, actor=officer_a, question="请补充照片")
    freeze_now(at(2026, 11, 19, 16))

    case = services.info_supply(case=case, content="照片已补充。")

    case.refresh_from_db()
    assert case.due_at == end_of(2026, 11, 23)
    assert case.paused_seconds == 7 * 3600


def test_the_national_day_holiday_does_not_count_as_paused_time(
    freeze_now, department_a, officer_a
):
    # Submitted Monday 28 September: due Thursday 8 October (1-7 October off).
    case = accepted_case(freeze_now, department_a, submitted=at(2026, 9, 28, 10))
    assert case.due_at == end_of(2026, 10, 8)
    freeze_now(at(2026, 9, 30, 10))
    case = services.info_request(case=case, actor=officer_a, question="请补充照片")
    freeze_now(at(2026, 10, 9, 10))

    services.case_resume(case=case, actor=officer_a, note="市民已电话说明")

    case.refresh_from_db()
    # Paused 8 and 9 October: two working days, so due two working days later,
    # Friday 9 and Saturday 10 October (a make-up working day, 调休).
    assert case.due_at == end_of(2026, 10, 10)
    event = case.events.latest("pk")
    assert (event.action, event.actor, event.note) == (
        CaseEvent.Action.RESUME,
        officer_a,
        "市民已电话说明",
    )


def test_an_urgent_due_moment_keeps_its_time_of_day(
    freeze_now, department_a, officer_a
):
    case = accepted_case(freeze_now, department_a, submitted=at(2026, 11, 18, 10))
    Case.objects.filter(pk=case.pk).update(due_at=at(2026, 11, 20, 15))
    freeze_now(at(2026, 11, 20, 10))
    case = services.info_request(case=case, actor=officer_a, question="请补充照片")
    freeze_now(at(2026, 11, 23, 10))

    services.case_resume(case=case, actor=officer_a)

    case.refresh_from_db()
    assert case.due_at == at(2026, 11, 23, 15)


def test_pauses_add_up(freeze_now, department_a, officer_a):
    case = accepted_case(freeze_now, department_a, submitted=at(2026, 11, 16, 10))
    for day in (17, 18):
        freeze_now(at(2026, 11, day, 9))
        case = services.info_request(case=case, actor=officer_a, question="请补充")
        freeze_now(at(2026, 11, day, 10))
        case = services.case_resume(case=case, actor=officer_a)

    case.refresh_from_db()
    assert case.paused_seconds == 2 * 3600


def test_only_an_accepted_case_can_wait_and_only_a_waiting_one_resume(
    freeze_now, department_a, officer_a
):
    freeze_now(at(2026, 11, 18, 10))
    case = submit_case(department=department_a).case

    with pytest.raises(ValidationError) as asked:
        services.info_request(case=case, actor=officer_a, question="请补充照片")
    with pytest.raises(ValidationError) as answered:
        services.info_supply(case=case, content="照片已补充。")
    with pytest.raises(ValidationError) as resumed:
        services.case_resume(case=case, actor=officer_a)

    assert asked.value.message_dict["status"] == [
        "只有已受理的诉求可以请市民补充材料。"
    ]
    assert answered.value.message_dict["status"] == [
        "该诉求当前状态为“待受理”，无需补充材料。"
    ]
    assert resumed.value.message_dict["status"] == [
        "只有待补充材料的诉求可以恢复办理。"
    ]
    assert case.events.count() == 1


def test_a_question_is_required_and_limited(freeze_now, department_a, officer_a):
    case = accepted_case(freeze_now, department_a, submitted=at(2026, 11, 18, 10))

    with pytest.raises(ValidationError) as empty:
        services.info_request(case=case, actor=officer_a, question="   ")
    with pytest.raises(ValidationError) as long:
        services.info_request(case=case, actor=officer_a, question="问" * 2001)

    assert empty.value.message_dict["question"] == ["请写明需要市民补充的材料。"]
    assert "2000" in long.value.message_dict["question"][0]
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_another_departments_officer_may_not_ask(freeze_now, department_a, officer_b):
    from django.core.exceptions import PermissionDenied

    case = accepted_case(freeze_now, department_a, submitted=at(2026, 11, 18, 10))

    with pytest.raises(PermissionDenied):
        services.info_request(case=case, actor=officer_b, question="请补充照片")
