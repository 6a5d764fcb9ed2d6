"""Registering jobs, and the apps' own registrations."""

from datetime import time, timedelta

import pytest

from periodic import registry


def noop(*, now):
    return None


def test_a_job_needs_exactly_one_schedule(jobs):
    with pytest.raises(ValueError):
        jobs.register("both", every=timedelta(minutes=1), daily_at=time(1), func=noop)
    with pytest.raises(ValueError):
        jobs.register("neither", func=noop)


def test_two_functions_under_one_name_are_refused(jobs):
    jobs.register("clean", every=timedelta(minutes=1), func=noop)
    with pytest.raises(ValueError):
        jobs.register("clean", every=timedelta(minutes=1), func=lambda *, now: None)


def test_the_apps_register_the_existing_jobs_on_their_schedules():
    known = registry.registered_jobs()
    assert known["apply_retention"].daily_at is not None
    assert known["prune_ledger_exports"].daily_at is not None
    assert known["prune_orphan_files"].daily_at is not None
    assert known["remind_overdue"].daily_at == time(8, 30)


def test_the_outbox_is_swept_every_minute():
    assert registry.registered_jobs()["deliver_due_messages"].every == timedelta(
        minutes=1
    )


@pytest.mark.django_db
def test_each_registered_job_runs_through_the_runner(settings, tmp_path):
    # On an empty database each job has nothing to do, but runs to the end: the
    # registrations call their functions with the right arguments.
    from periodic import runner

    settings.LEDGER_EXPORT_ROOT = tmp_path / "exports"
    for name in registry.registered_jobs():
        outcome = runner.run_now(name=name)
        assert (name, outcome.outcome) == (name, "ok")
