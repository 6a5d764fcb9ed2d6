"""Several runners at once, each with its own database connection, run each due
occurrence of each job exactly once (the row claim with SKIP LOCKED)."""

import threading
import time as clock
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from periodic import runner
from tests.cases.helpers import run_in_threads

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_run_each_due_job_exactly_once(jobs):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are proven on PostgreSQL (CI); SQLite serialises")
    runs = Counter()
    lock = threading.Lock()

    def job_named(name):
        def job(*, now):
            with lock:
                runs[(name, now)] += 1
            # Long enough that the other runner reaches the row while it runs.
            clock.sleep(0.05)

        return job

    names = [f"job-{index}" for index in range(8)]
    for name in names:
        jobs.register(name, every=timedelta(minutes=1), func=job_named(name))
    moments = [NOW + timedelta(minutes=minute) for minute in range(3)]
    start = threading.Barrier(2)

    def a_runner():
        start.wait()
        for moment in moments:
            runner.run_due(now=moment)
            start.wait()  # both runners finish a minute before the next

    assert run_in_threads(a_runner, 2) == []
    expected = {(name, moment): 1 for name in names for moment in moments}
    assert dict(runs) == expected
