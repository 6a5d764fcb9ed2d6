"""Claim due jobs and run them, safely on any number of nodes.

A job's `JobState` row decides who runs it. `claim` locks the row with
`SELECT ... FOR UPDATE SKIP LOCKED` in a short transaction, checks that the job is
due and not running under a live lease, and sets the next due time, the lease and
a fresh run token before it commits. A second node either skips the locked row or,
after the commit, sees the job no longer due: each due occurrence runs on exactly
one node. The job itself runs outside any transaction, and `finish` writes its
outcome only if the run token is still ours (a run whose lease expired and was
taken over by another node does not overwrite the newer run's state).

On SQLite, which has no row locks, `transaction_mode = IMMEDIATE` (settings) takes
the database's write lock at BEGIN, so claims are serialised just the same.

Logs carry the job name, duration and outcome, and for a failure the exception's
class and the traceback's frames, without the exception's message; never a job's
return value.
"""

import logging
import time as clock
import traceback
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from periodic.models import JobState
from periodic.registry import Job, get_job, registered_jobs

logger = logging.getLogger("periodic")


@dataclass(frozen=True)
class Claim:
    job: Job
    token: str
    started_at: datetime


@dataclass(frozen=True)
class RunOutcome:
    name: str
    outcome: str  # JobState.Outcome
    duration: timedelta


def states_ensure(*, now: datetime, jobs: dict[str, Job] | None = None) -> None:
    """Make a row for every registered job, and recompute the next due time of a
    job whose schedule changed. Safe when several nodes start at once."""
    jobs = registered_jobs() if jobs is None else jobs
    JobState.objects.bulk_create(
        [
            JobState(
                name=job.name,
                schedule=job.schedule_label,
                next_due_at=job.first_due(now=now),
            )
            for job in jobs.values()
        ],
        ignore_conflicts=True,
    )
    for state in JobState.objects.filter(name__in=jobs).exclude(
        schedule__in=[job.schedule_label for job in jobs.values()]
    ):
        job = jobs[state.name]
        if state.schedule != job.schedule_label:
            JobState.objects.filter(pk=state.pk, schedule=state.schedule).update(
                schedule=job.schedule_label, next_due_at=job.first_due(now=now)
            )


def claim(*, job: Job, now: datetime, force: bool = False) -> Claim | None:
    """Take the right to run `job` now, or None if it is not ours to run: not due
    (unless `force`), running elsewhere under a live lease, or locked by another
    node's claim at this moment. A forced run (`--job`) leaves the schedule as is."""
    with transaction.atomic():
        state = (
            JobState.objects.select_for_update(skip_locked=True)
            .filter(name=job.name)
            .first()
        )
        if state is None:
            return None
        if not force and state.next_due_at > now:
            return None
        if state.running_since is not None:
            if state.lease_until is not None and state.lease_until > now:
                return None
            logger.warning(
                "periodic job %s: the run started at %s passed its lease; "
                "taken for dead, running again",
                job.name,
                state.running_since.isoformat(),
            )
        token = uuid.uuid4().hex
        state.running_since = now
        state.lease_until = now + job.lease
        state.run_token = token
        state.last_started_at = now
        fields = ["running_since", "lease_until", "run_token", "last_started_at"]
        if not force:
            state.next_due_at = job.next_due(after=now)
            fields.append("next_due_at")
        state.save(update_fields=fields)
    return Claim(job=job, token=token, started_at=now)


def finish(*, claim: Claim, outcome: str, error: str, duration: timedelta) -> bool:
    """Record how a claimed run ended and release its lease. False when the lease
    had expired and another run took the job over (its state is left alone)."""
    finished = JobState.objects.filter(
        name=claim.job.name, run_token=claim.token
    ).first()
    if finished is None:
        return False
    finished.running_since = None
    finished.lease_until = None
    finished.run_token = ""
    finished.last_finished_at = claim.started_at + duration
    finished.last_outcome = outcome
    finished.last_error = error
    finished.last_duration = duration
    finished.runs += 1
    fields = [
        "running_since",
        "lease_until",
        "run_token",
        "last_finished_at",
        "last_outcome",
        "last_error",
        "last_duration",
        "runs",
    ]
    if outcome == JobState.Outcome.FAILED:
        finished.failures += 1
        fields.append("failures")
    updated = JobState.objects.filter(pk=finished.pk, run_token=claim.token).update(
        **{field: getattr(finished, field) for field in fields}
    )
    return bool(updated)


def run_claimed(claim: Claim) -> RunOutcome:
    """Run a claimed job; a failure is recorded and logged, never raised, so the
    other due jobs still run."""
    job = claim.job
    started = clock.monotonic()
    outcome, error = JobState.Outcome.OK, ""
    try:
        job.func(now=claim.started_at)
    except Exception as exc:
        outcome, error = JobState.Outcome.FAILED, type(exc).__qualname__[:200]
        # Where it failed, but not the exception's message: it may quote a
        # phone number or a name.
        logger.error(
            "periodic job %s failed with %s at\n%s",
            job.name,
            error,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
    finally:
        # A job that broke the connection must not break the recording of it
        # (outside a transaction only: inside one, tests', closing would lose it).
        if not connection.in_atomic_block:
            close_old_connections()
    duration = timedelta(seconds=clock.monotonic() - started)
    if not finish(claim=claim, outcome=outcome, error=error, duration=duration):
        logger.warning(
            "periodic job %s finished after its lease expired; its outcome is "
            "not recorded",
            job.name,
        )
    logger.info(
        "periodic job %s %s in %.3fs", job.name, outcome, duration.total_seconds()
    )
    return RunOutcome(name=job.name, outcome=outcome, duration=duration)


def run_due(*, now: datetime | None = None, should_stop=lambda: False) -> list:
    """Run every registered job that is due, one after another; the jobs another
    node claimed are skipped. `should_stop` is asked between jobs. Without `now`,
    each job is checked against the time it would start at; with it (tests), all
    against that moment."""
    fixed_now = now
    jobs = registered_jobs()
    states_ensure(now=fixed_now or timezone.now(), jobs=jobs)
    outcomes = []
    for job in jobs.values():
        if should_stop():
            break
        taken = claim(job=job, now=fixed_now or timezone.now())
        if taken is not None:
            outcomes.append(run_claimed(taken))
    return outcomes


def run_now(*, name: str, now: datetime | None = None) -> RunOutcome | None:
    """Run one job at once, due or not (`periodic --job`); None when it is
    running elsewhere under a live lease."""
    job = get_job(name)
    now = timezone.now() if now is None else now
    states_ensure(now=now, jobs={name: job})
    taken = claim(job=job, now=now, force=True)
    return None if taken is None else run_claimed(taken)


def seconds_until_next_due(*, now: datetime, max_sleep: float) -> float:
    """How long the loop may sleep: until the earliest job that could be claimed,
    at most `max_sleep` (another node may have changed the schedule meanwhile). A
    job running elsewhere can be claimed again only at the end of its lease, so a
    long run does not make the loop spin."""
    moments = []
    for next_due_at, lease_until in JobState.objects.filter(
        name__in=registered_jobs()
    ).values_list("next_due_at", "lease_until"):
        moments.append(max(next_due_at, lease_until or next_due_at))
    if not moments:
        return max_sleep
    return max(0.0, min(max_sleep, (min(moments) - now).total_seconds()))
