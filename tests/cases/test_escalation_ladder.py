"""The escalation ladder with a frozen clock, across the National Day week of
2026 (1-7 October off, Saturday 10 October a working day) and ordinary
weekends: 催办 at the right working hour, 督办 the first moment after the
deadline, 通报 after ESCALATION_REPORT_DAYS working days; each rung once.

Office hours are the default 09:00-12:00 and 13:00-17:00 (7 a day); the urge
window the default 24 working hours, the report after 3 working days.
"""

from datetime import datetime, timedelta

import pytest

from cases import escalation, services
from cases.models import Case, CaseEvent, Escalation
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status

EVENING = datetime.max.time()  # 23:59:59.999999, when a due day ends
NOTHING = {
    "handling_urge": 0,
    "handling_supervise": 0,
    "handling_report": 0,
    "signing_urge": 0,
    "signing_supervise": 0,
    "assignment_urge": 0,
}


def at(month, day, hour=10, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def due_day(month, day):
    return datetime.combine(datetime(2026, month, day).date(), EVENING, SHANGHAI)


def case_with(department, **fields):
    """A case of `department` with its status and deadlines set straight."""
    case = submit_case(department=department, now=at(9, 21)).case
    fields = {"status": Status.ACCEPTED, "sign_due_at": None, **fields}
    if fields["status"] == Status.ACCEPTED:
        fields.setdefault("accepted_at", at(9, 21))
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def run(moment, **expected):
    taken = escalation.escalation_run(now=moment)
    assert taken == {**NOTHING, **expected}
    return taken


def ladder_events(case):
    return list(
        CaseEvent.objects.filter(
            case=case, action__in=["urge", "supervise", "report"]
        ).values_list("action", "actor", "is_public")
    )


def test_a_deadline_after_the_holiday_is_urged_24_working_hours_before(
    department_a, officer_a
):
    # Due Thursday 8 October: 7 h that day, 7 h on 30 and 29 September, and the
    # last 3 h of Monday 28 September make 24; the holiday week has none.
    case = case_with(department_a, due_at=due_day(10, 8), assignee=officer_a)

    run(at(9, 28, 13, 30))
    run(at(9, 28, 14, 0), handling_urge=1)

    row = Escalation.objects.get(case=case)
    assert (row.rung, row.subject, row.deadline_at) == (
        "urge",
        "handling",
        due_day(10, 8),
    )
    event = case.events.latest("pk")
    assert (event.action, event.actor, event.is_public) == ("urge", None, False)
    assert event.note == "系统自动催办：办理时限 2026-10-08 23:59 将至，请抓紧办理。"


def test_a_deadline_after_a_weekend_is_urged_on_the_wednesday(department_a, officer_a):
    # Due Monday 19 October: Monday, Friday and Thursday give 21 h, Wednesday's
    # afternoon from 14:00 the last 3.
    case_with(department_a, due_at=due_day(10, 19), assignee=officer_a)

    run(at(10, 14, 13, 59))
    run(at(10, 14, 14, 0), handling_urge=1)
    run(at(10, 17, 10, 0))  # the Saturday: nothing new


def test_the_day_after_the_deadline_supervises_and_three_working_days_report(
    department_a, officer_a
):
    case = case_with(department_a, due_at=due_day(10, 8), assignee=officer_a)
    run(at(9, 28, 14, 0), handling_urge=1)

    run(at(10, 8, 23, 59))
    run(at(10, 9, 0, 0), handling_supervise=1)
    case.refresh_from_db()
    assert case.is_supervised
    assert case.supervised_at == at(10, 9, 0, 0)
    assert case.events.latest("pk").note.startswith("系统自动督办：已超期")

    # Friday 9, Saturday 10 (调休) and Monday 12 October; Sunday does not count.
    run(at(10, 12, 23, 30))
    run(at(10, 13, 0, 0), handling_report=1)
    run(at(10, 20, 0, 0))

    assert ladder_events(case) == [
        ("urge", None, False),
        ("supervise", None, False),
        ("report", None, False),
    ]
    assert sorted(Escalation.objects.values_list("rung", flat=True)) == [
        "report",
        "supervise",
        "urge",
    ]


def test_a_case_first_seen_long_overdue_is_supervised_and_reported_at_once(
    department_a, officer_a
):
    case = case_with(department_a, due_at=due_day(9, 30), assignee=officer_a)

    run(at(10, 20), handling_supervise=1, handling_report=1)

    assert [action for action, *_ in ladder_events(case)] == ["supervise", "report"]


def test_running_the_job_twice_writes_nothing_new(department_a, officer_a):
    case_with(department_a, due_at=due_day(9, 30), assignee=officer_a)
    case_with(
        department_a,
        status=Status.SUBMITTED,
        due_at=due_day(10, 30),
        sign_due_at=at(9, 29, 11),
    )
    run(at(10, 20), handling_supervise=1, handling_report=1, signing_supervise=1)
    rows, events = Escalation.objects.count(), CaseEvent.objects.count()

    run(at(10, 20))
    run(at(10, 20, 11))

    assert (Escalation.objects.count(), CaseEvent.objects.count()) == (rows, events)


def test_a_case_answered_in_time_gets_nothing(department_a, officer_a):
    case = case_with(department_a, due_at=due_day(10, 8), assignee=officer_a)
    services.case_transition(
        case=case, to_status=Status.REPLIED, reply="已办理。", actor=officer_a
    )

    for moment in (at(9, 28, 15), at(10, 9), at(10, 20)):
        run(moment)

    assert ladder_events(case) == []
    assert not Escalation.objects.exists()


def test_a_case_waiting_for_the_citizen_is_skipped(department_a, officer_a):
    case = case_with(
        department_a, status=Status.WAITING, due_at=due_day(9, 30), assignee=officer_a
    )

    run(at(10, 20))

    assert ladder_events(case) == []


def test_a_new_due_date_starts_a_new_ladder(department_a, officer_a):
    case = case_with(department_a, due_at=due_day(10, 8), assignee=officer_a)
    run(at(10, 9, 9), handling_supervise=1)

    # An approved extension to Monday 12 October: 20 working hours left from
    # Friday 10:00, so urged at once, and supervised again once it passes.
    Case.objects.filter(pk=case.pk).update(due_at=due_day(10, 12))
    run(at(10, 9, 10), handling_urge=1)
    run(at(10, 13, 0, 0), handling_supervise=1)

    assert Escalation.objects.filter(case=case, rung="supervise").count() == 2


def test_an_unsigned_case_is_urged_then_supervised(department_a):
    # Received Friday 9 October 15:00, 4 working hours to sign: Friday 15-17
    # and Saturday 10 October (调休) 09-11. Half the time left: from Friday 17:00.
    sign_due = at(10, 10, 11)
    case = case_with(
        department_a,
        status=Status.SUBMITTED,
        due_at=due_day(10, 30),
        sign_due_at=sign_due,
    )

    run(at(10, 9, 16, 59))
    run(at(10, 9, 17, 0), signing_urge=1)
    run(at(10, 10, 11, 0))
    run(at(10, 10, 11, 1), signing_supervise=1)

    notes = list(case.events.order_by("pk").values_list("action", "note"))[-2:]
    assert notes == [
        ("urge", "系统自动催办：请在 2026-10-10 11:00 前签收。"),
        ("supervise", "系统自动督办：签收超时（签收时限 2026-10-10 11:00）。"),
    ]


def test_a_signed_case_is_not_urged_to_sign(department_a):
    case_with(
        department_a,
        status=Status.SUBMITTED,
        due_at=due_day(10, 30),
        sign_due_at=at(10, 10, 11),
        signed_at=at(10, 9, 16),
    )

    run(at(10, 12))


def test_an_accepted_case_without_a_handler_is_urged_after_a_working_day(
    department_a, officer_a
):
    # Accepted Friday 9 October: the next working day, Saturday 10 (调休), ends it.
    case = case_with(department_a, due_at=due_day(10, 30), accepted_at=at(10, 9))

    run(at(10, 10, 23, 0))
    run(at(10, 11, 0, 0), assignment_urge=1)
    run(at(10, 12, 9, 0))

    row = Escalation.objects.get(case=case)
    assert (row.subject, row.deadline_at) == ("assignment", due_day(10, 10))
    assert case.events.latest("pk").note == (
        "系统自动催办：受理已超过 1 个工作日，尚未指定承办人。"
    )


def test_a_rung_supervisors_took_by_hand_is_not_repeated(department_a, supervisor):
    case = case_with(department_a, due_at=due_day(10, 19))
    services.case_report(case=case, actor=supervisor, note="超期未办，予以通报")

    run(at(10, 30), handling_supervise=1, assignment_urge=1)

    assert Escalation.objects.filter(case=case, rung="report").count() == 1


def test_each_rung_notifies_through_the_case_notices(
    department_a, officer_a, monkeypatch
):
    case_with(department_a, due_at=due_day(9, 30), assignee=officer_a)
    told = []
    monkeypatch.setattr(
        "cases.notices.case_event_notify",
        lambda *, event, **kwargs: told.append(event.action),
    )

    run(at(10, 20), handling_supervise=1, handling_report=1)

    assert told == ["supervise", "report"]


def test_a_run_with_nothing_due_costs_one_query_a_rung(
    department_a, officer_a, django_assert_num_queries
):
    for _ in range(5):
        case_with(department_a, due_at=due_day(12, 30), assignee=officer_a)

    with django_assert_num_queries(6):
        run(at(10, 9))


def test_the_job_is_registered_every_quarter_hour():
    from periodic import registry

    job = registry.registered_jobs()["escalate_cases"]
    assert job.every == timedelta(minutes=15)


def _answer(case, officer):
    services.case_transition(
        case=case, to_status=Status.REPLIED, reply="已办理。", actor=officer
    )


def _extend(case, officer):
    Case.objects.filter(pk=case.pk).update(due_at=due_day(10, 30))


@pytest.mark.parametrize("change", [_answer, _extend], ids=["answered", "extended"])
def test_a_case_changed_after_it_was_selected_gets_nothing(
    department_a, officer_a, change
):
    case = case_with(department_a, due_at=due_day(9, 30), assignee=officer_a)
    (supervise,) = [
        ladder for ladder in escalation._ladders() if ladder.key == "handling_supervise"
    ]
    selected = supervise.candidates(at(10, 9)).get()
    change(case, officer_a)

    assert escalation._take(supervise, selected, selected.due_at, at(10, 9)) is False

    assert not Escalation.objects.exists()
    assert ladder_events(case) == []
