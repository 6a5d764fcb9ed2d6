"""The jobs the runner knows, registered by the apps above it.

The periodic app imports no app (import-linter keeps it below them). Each app that
has work to do on a schedule registers it in its `AppConfig.ready()`:

    from periodic.registry import register
    register("apply_retention", daily_at=time(3, 10), func=retention_job)

A job is a function called as `func(now=...)` with the runner's aware "now". It
must be idempotent: a run cut off by a crash is run again once its lease expires,
and a manual `--job` run may repeat a scheduled one. Its return value is ignored
and never logged (it may hold personal data); an exception marks the run failed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from periodic import schedule

# A run that has not finished after this long is taken for dead (its node crashed
# or was killed), and the next due check runs the job again.
DEFAULT_LEASE = timedelta(minutes=30)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[..., object]
    every: timedelta | None = None
    daily_at: time | None = None
    lease: timedelta = DEFAULT_LEASE

    @property
    def schedule_label(self) -> str:
        """How the job is scheduled, stored on its row so a changed schedule is
        noticed and its next due time recomputed."""
        if self.every is not None:
            return f"every {int(self.every.total_seconds())}s"
        return f"daily at {self.daily_at.strftime('%H:%M')} Asia/Shanghai"

    def next_due(self, *, after: datetime) -> datetime:
        return schedule.next_due(every=self.every, daily_at=self.daily_at, after=after)

    def first_due(self, *, now: datetime) -> datetime:
        """An interval job is due at once; a daily job at its next time of day."""
        if self.every is not None:
            return now
        return self.next_due(after=now)


_jobs: dict[str, Job] = {}


def register(
    name: str,
    *,
    every: timedelta | None = None,
    daily_at: time | None = None,
    func: Callable[..., object],
    lease: timedelta = DEFAULT_LEASE,
) -> Job:
    """Register `func` to run every `every`, or daily at `daily_at` (Asia/Shanghai).

    Exactly one of the two is given. Registering a name again replaces the job
    (an app's `ready()` may run twice in tests); two different functions under one
    name are a mistake and raise.
    """
    if (every is None) == (daily_at is None):
        raise ValueError(f"job {name!r}: give exactly one of every= or daily_at=")
    if every is not None and every <= timedelta(0):
        raise ValueError(f"job {name!r}: every= must be positive")
    if lease <= timedelta(0):
        raise ValueError(f"job {name!r}: lease= must be positive")
    known = _jobs.get(name)
    if known is not None and known.func is not func:
        same_place = getattr(known.func, "__qualname__", None) == getattr(
            func, "__qualname__", None
        ) and getattr(known.func, "__module__", None) == getattr(
            func, "__module__", None
        )
        if not same_place:
            raise ValueError(f"job {name!r} is already registered")
    job = Job(name=name, func=func, every=every, daily_at=daily_at, lease=lease)
    _jobs[name] = job
    return job


def registered_jobs() -> dict[str, Job]:
    """Every registered job by name, in registration order."""
    return dict(_jobs)


def get_job(name: str) -> Job:
    try:
        return _jobs[name]
    except KeyError:
        raise LookupError(name) from None


def unregister(name: str) -> None:
    """Remove a job (tests that register their own)."""
    _jobs.pop(name, None)
