"""The periodic job resumes a case whose citizen let INFO_WAIT_DAYS working days
pass without answering; a second run changes nothing."""

from datetime import datetime

import pytest

from cases import services
from cases.models import Case, CaseEvent
from kernel.workdays import SHANGHAI
from periodic import registry
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status
NOTE = "市民逾期未补充材料，恢复办理"


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


@pytest.fixture
def waiting_case(freeze_now, department_a, officer_a, settings):
    """Asked on Friday 20 November 2026; INFO_WAIT_DAYS=5 gives the citizen until
    the end of Friday 27 November."""
    settings.INFO_WAIT_DAYS = 5
    freeze_now(at(2026, 11, 18, 10))
    case = submit_case(department=department_a).case
    case = services.case_transition(case=case, to_status=Status.ACCEPTED)
    freeze_now(at(2026, 11, 20, 10))
    return services.info_request(case=case, actor=officer_a, question="请补充照片")


def test_the_citizen_has_until_the_end_of_the_last_waiting_day(
    freeze_now, waiting_case
):
    freeze_now(at(2026, 11, 27, 23, 30))

    assert services.info_waits_expire() == 0

    waiting_case.refresh_from_db()
    assert waiting_case.status == Status.WAITING


def test_after_the_waiting_days_the_system_resumes_the_case(freeze_now, waiting_case):
    due_before = waiting_case.due_at
    # The job runs late, after a weekend: the pause still ends with the
    # citizen's last day, not when the job got round to it.
    freeze_now(at(2026, 11, 30, 1))

    assert services.info_waits_expire() == 1

    case = Case.objects.get(pk=waiting_case.pk)
    assert case.status == Status.ACCEPTED
    assert case.paused_at is None
    assert case.due_at == services.waiting._shifted(due_before, days=5)
    event = case.events.latest("pk")
    assert (event.action, event.actor, event.note, event.is_public) == (
        CaseEvent.Action.RESUME,
        None,
        NOTE,
        True,
    )


def test_running_the_job_twice_resumes_once(freeze_now, waiting_case):
    freeze_now(at(2026, 11, 28, 0, 10))

    assert services.info_waits_expire() == 1
    due_after_first = Case.objects.get(pk=waiting_case.pk).due_at
    assert services.info_waits_expire() == 0

    case = Case.objects.get(pk=waiting_case.pk)
    assert case.due_at == due_after_first
    assert case.events.filter(action=CaseEvent.Action.RESUME).count() == 1


def test_a_case_answered_in_time_is_left_alone(freeze_now, waiting_case):
    freeze_now(at(2026, 11, 24, 10))
    services.info_supply(case=waiting_case, content="照片已补充。")
    freeze_now(at(2026, 12, 1, 10))

    assert services.info_waits_expire() == 0

    assert not waiting_case.events.filter(action=CaseEvent.Action.RESUME).exists()


def test_the_runner_calls_the_job_with_its_now(freeze_now, waiting_case):
    job = registry.get_job("info_waits_expire")

    job.func(now=at(2026, 11, 28, 0, 10))

    waiting_case.refresh_from_db()
    assert waiting_case.status == Status.ACCEPTED
