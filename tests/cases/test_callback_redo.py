"""回访 and 重办: one callback per answer; 不满意 reopens the case with a new due
date, and the answer after it may be called back (and rated) again."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import selectors, services
from cases.models import Case, CaseCallback, CaseEvent, Escalation
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status
Result = CaseCallback.Result

# Monday 28 September 2026, 10:00: the National Day holiday (1-7 October) is near.
MONDAY = datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI)


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def closed_case(department, *, now=MONDAY, actor=None):
    case = submit_case(department=department, now=now).case
    for step, reply in (("accepted", ""), ("replied", "已为您办理。"), ("closed", "")):
        case = services.case_transition(
            case=case, to_status=step, reply=reply, actor=actor, now=now
        )
    return case


def test_closing_a_case_sets_its_callback_due_date_in_working_days(department_a):
    case = closed_case(department_a)

    # 29, 30 September, then the holiday: the third working day is 8 October.
    assert case.callback_due_at == datetime(
        2026, 10, 8, 23, 59, 59, 999999, tzinfo=SHANGHAI
    )


def test_a_satisfied_callback_is_recorded_once_for_the_answer(
    department_a, officer_a, freeze_now
):
    case = closed_case(department_a)
    freeze_now(at(9, 29))

    callback = services.case_callback(
        case=case, actor=officer_a, result=Result.SATISFIED, note="市民表示已解决"
    )

    assert (callback.round, callback.result, callback.called_by) == (
        0,
        Result.SATISFIED,
        officer_a,
    )
    assert callback.called_at == at(9, 29)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    event = case.events.latest("pk")
    assert (event.action, event.is_public, event.actor) == (
        "callback",
        False,
        officer_a,
    )
    assert event.note == "回访结果：满意。市民表示已解决"


def test_a_second_callback_of_the_same_answer_is_refused(department_a, officer_a):
    case = closed_case(department_a)
    services.case_callback(case=case, actor=officer_a, result=Result.BASICALLY)
    events = case.events.count()

    with pytest.raises(ValidationError) as refused:
        services.case_callback(case=case, actor=officer_a, result=Result.SATISFIED)

    assert refused.value.message_dict == {"result": ["本次答复已经回访。"]}
    assert CaseCallback.objects.filter(case=case).count() == 1
    assert case.events.count() == events


@pytest.mark.parametrize("result", ["", "great", None])
def test_a_callback_without_a_valid_result_is_refused(department_a, officer_a, result):
    case = closed_case(department_a)

    with pytest.raises(ValidationError) as refused:
        services.case_callback(case=case, actor=officer_a, result=result)

    assert refused.value.message_dict == {"result": ["请选择回访结果。"]}
    assert not CaseCallback.objects.filter(case=case).exists()


def test_a_case_not_closed_cannot_be_called_back(department_a, officer_a):
    case = submit_case(department=department_a).case

    with pytest.raises(ValidationError) as refused:
        services.case_callback(case=case, actor=officer_a, result=Result.SATISFIED)

    assert refused.value.message_dict == {"status": ["只有已办结的诉求可以回访。"]}
    assert not CaseCallback.objects.exists()


def test_another_departments_officer_cannot_call_back(department_a, officer_b):
    case = closed_case(department_a)

    with pytest.raises(PermissionDenied):
        services.case_callback(case=case, actor=officer_b, result=Result.SATISFIED)

    assert not CaseCallback.objects.exists()


def test_a_dissatisfied_callback_reopens_the_case_as_redo_with_a_new_due_date(
    department_a, officer_a, freeze_now
):
    case = closed_case(department_a)
    freeze_now(at(9, 30, 15))

    services.case_callback(
        case=case, actor=officer_a, result=Result.DISSATISFIED, note="仍未补办"
    )

    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert case.redo_count == 1
    assert (case.closed_at, case.callback_due_at) == (None, None)
    # A consultation has 3 working days after the holiday: 8, 9 and 10 October
    # (a 调休 Saturday).
    assert case.due_at == datetime(2026, 10, 10, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    callback, redo = case.events.order_by("-pk")[:2][::-1]
    assert (callback.action, callback.note) == (
        "callback",
        "回访结果：不满意。仍未补办",
    )
    assert (redo.action, redo.note, redo.is_public) == (
        "redo",
        "回访不满意，重办",
        True,
    )
    assert (redo.from_status, redo.to_status) == (Status.CLOSED, Status.ACCEPTED)
    # The earlier answer stays in the history, marked as set aside.
    answers = selectors.case_answers(case=Case.objects.get(pk=case.pk))
    assert [(a["reply"], a["superseded"]) for a in answers] == [("已为您办理。", True)]


def test_the_answer_after_a_redo_is_called_back_again(department_a, officer_a):
    case = closed_case(department_a)
    services.case_callback(case=case, actor=officer_a, result=Result.DISSATISFIED)
    for step, reply in (("replied", "已补办社保卡。"), ("closed", "")):
        case = services.case_transition(
            case=case, to_status=step, reply=reply, actor=officer_a
        )

    second = services.case_callback(case=case, actor=officer_a, result=Result.SATISFIED)

    assert second.round == 1
    assert list(
        CaseCallback.objects.filter(case=case).values_list("round", "result")
    ) == [(0, Result.DISSATISFIED), (1, Result.SATISFIED)]
    case.refresh_from_db()
    assert case.callback_due_at is not None


def test_a_redo_refused_half_way_saves_neither_the_callback_nor_the_redo(
    department_a, officer_a, monkeypatch
):
    case = closed_case(department_a)

    def broken(**kwargs):
        raise ValidationError({"note": "x"})

    monkeypatch.setattr("cases.services.callback.case_redo", broken)
    with pytest.raises(ValidationError):
        services.case_callback(case=case, actor=officer_a, result=Result.DISSATISFIED)

    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert not CaseCallback.objects.exists()
    assert not case.events.filter(action=CaseEvent.Action.CALLBACK).exists()


def test_a_supervisor_may_redo_a_closed_case_directly(department_a, supervisor):
    case = closed_case(department_a)

    case = services.case_redo(case=case, actor=supervisor, note="督查发现未解决")

    assert (case.status, case.redo_count) == (Status.ACCEPTED, 1)
    assert case.events.latest("pk").note == "督查发现未解决"


def test_a_redo_needs_its_reason(department_a, supervisor):
    case = closed_case(department_a)

    with pytest.raises(ValidationError) as refused:
        services.case_redo(case=case, actor=supervisor, note="  ")

    assert refused.value.message_dict == {"note": ["请填写重办原因。"]}
    case.refresh_from_db()
    assert (case.status, case.redo_count) == (Status.CLOSED, 0)


def test_urging_and_reporting_by_hand_record_their_rung_once(department_a, supervisor):
    case = submit_case(department=department_a).case

    services.case_urge(case=case, actor=supervisor, note="请今日答复")
    services.case_report(case=case, actor=supervisor, note="超期未办")
    services.case_report(case=case, actor=supervisor, note="再次通报")

    rows = Escalation.objects.filter(case=case)
    assert sorted(rows.values_list("rung", "subject")) == [
        ("report", "handling"),
        ("urge", "handling"),
    ]
    assert rows.get(rung="report").deadline_at == case.due_at
    assert list(
        case.events.filter(action__in=["urge", "report"]).values_list("note", flat=True)
    ) == ["请今日答复", "超期未办", "再次通报"]
