"""The runner: due jobs run once per occurrence, failures are recorded and do not
stop the others, a crashed run's lease expires."""

import logging
from datetime import UTC, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from periodic import runner
from periodic.models import JobState

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


@pytest.fixture
def ran():
    return []


def recorder(ran, name):
    def job(*, now):
        ran.append((name, now))

    return job


def state(name):
    return JobState.objects.get(name=name)


@pytest.mark.django_db
def test_once_runs_each_due_job_once_and_a_second_once_runs_nothing(jobs, ran):
    jobs.register("deliver", every=timedelta(minutes=1), func=recorder(ran, "deliver"))
    jobs.register("sweep", every=timedelta(hours=1), func=recorder(ran, "sweep"))
    # Registered at 09:00 for 08:30: next due tomorrow, so not run now.
    jobs.register("remind", daily_at=time(8, 30), func=recorder(ran, "remind"))

    call_command("periodic", "--once", stdout=StringIO())
    call_command("periodic", "--once", stdout=StringIO())

    assert sorted(name for name, _ in ran) == ["deliver", "sweep"]
    assert state("deliver").runs == 1
    assert state("deliver").last_outcome == JobState.Outcome.OK
    assert state("deliver").running_since is None
    assert state("remind").runs == 0


@pytest.mark.django_db
def test_a_job_runs_again_when_its_next_occurrence_is_due(jobs, ran):
    jobs.register("deliver", every=timedelta(minutes=1), func=recorder(ran, "deliver"))
    jobs.register("remind", daily_at=time(8, 30), func=recorder(ran, "remind"))

    runner.run_due(now=NOW)
    runner.run_due(now=NOW + timedelta(seconds=59))
    runner.run_due(now=NOW + timedelta(minutes=1))
    # 08:30 the next morning in Shanghai is 00:30 UTC on the 3rd.
    runner.run_due(now=datetime(2026, 12, 3, 0, 30, tzinfo=UTC))

    assert [name for name, _ in ran] == ["deliver", "deliver", "deliver", "remind"]
    assert state("remind").next_due_at == datetime(2026, 12, 4, 0, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others(jobs, ran, caplog):
    phone = "13812345678"

    def broken(*, now):
        raise RuntimeError(f"短信发送失败 {phone}")

    jobs.register("broken", every=timedelta(minutes=1), func=broken)
    jobs.register("after", every=timedelta(minutes=1), func=recorder(ran, "after"))

    with caplog.at_level(logging.INFO, logger="periodic"):
        outcomes = runner.run_due(now=NOW)

    assert [(o.name, o.outcome) for o in outcomes] == [
        ("broken", "failed"),
        ("after", "ok"),
    ]
    broken_state = state("broken")
    assert broken_state.last_outcome == JobState.Outcome.FAILED
    assert broken_state.last_error == "RuntimeError"
    assert broken_state.failures == 1
    assert broken_state.running_since is None
    assert broken_state.next_due_at == NOW + timedelta(minutes=1)
    assert [name for name, _ in ran] == ["after"]
    assert "broken failed with RuntimeError" in caplog.text
    assert "13812345678" not in caplog.text


@pytest.mark.django_db
def test_the_lease_of_a_crashed_run_expires_and_the_job_runs_again(jobs, ran):
    job = jobs.register(
        "deliver",
        every=timedelta(minutes=1),
        lease=timedelta(minutes=10),
        func=recorder(ran, "deliver"),
    )
    runner.states_ensure(now=NOW)
    # A node claims the run and dies before it finishes.
    crashed = runner.claim(job=job, now=NOW)
    assert crashed is not None

    runner.run_due(now=NOW + timedelta(minutes=9))
    assert ran == []
    assert state("deliver").running_since == NOW

    runner.run_due(now=NOW + timedelta(minutes=10, seconds=1))
    assert len(ran) == 1
    assert state("deliver").running_since is None
    assert state("deliver").runs == 1

    # The dead run, should it wake up, does not overwrite the newer run's record.
    assert not runner.finish(
        claim=crashed, outcome="failed", error="", duration=timedelta(hours=1)
    )
    assert state("deliver").last_outcome == JobState.Outcome.OK


@pytest.mark.django_db
def test_job_runs_a_job_now_without_moving_its_schedule(jobs, ran):
    jobs.register("remind", daily_at=time(8, 30), func=recorder(ran, "remind"))
    runner.states_ensure(now=NOW)
    due_before = state("remind").next_due_at

    out = StringIO()
    call_command("periodic", "--job", "remind", stdout=out)

    assert [name for name, _ in ran] == ["remind"]
    assert "remind: ok" in out.getvalue()
    assert state("remind").next_due_at == due_before


@pytest.mark.django_db
def test_job_refuses_an_unknown_name_and_lists_the_known_ones(jobs, ran):
    jobs.register("remind", daily_at=time(8, 30), func=recorder(ran, "remind"))
    with pytest.raises(CommandError, match="remind"):
        call_command("periodic", "--job", "nope")


@pytest.mark.django_db
def test_a_changed_schedule_is_noticed(jobs, ran):
    jobs.register("sweep", daily_at=time(3, 0), func=recorder(ran, "sweep"))
    runner.states_ensure(now=NOW)
    jobs.unregister("sweep")
    jobs.register("sweep", every=timedelta(minutes=5), func=recorder(ran, "sweep"))

    runner.run_due(now=NOW)

    assert len(ran) == 1
    assert state("sweep").schedule == "every 300s"


@pytest.mark.django_db
def test_the_loop_sleeps_until_the_next_due_job_at_most_max_sleep(jobs, ran):
    jobs.register("deliver", every=timedelta(minutes=1), func=recorder(ran, "deliver"))
    runner.run_due(now=NOW)

    assert runner.seconds_until_next_due(
        now=NOW + timedelta(seconds=50), max_sleep=30
    ) == pytest.approx(10)
    assert runner.seconds_until_next_due(now=NOW, max_sleep=30) == 30
