"""What the apps above cases do once a submission is committed.

Cases may not import the apps above it (pyproject.toml [tool.importlinter]), yet
the site counts submissions for its metrics (`portal.metrics`). So a higher app
adds a listener here when Django starts, as it adds ledger columns
(`cases.ledger_extensions`), and `case_submit` calls every listener with the new
case once its transaction has committed: a submission that rolls back, and a
retry answered with the earlier case (Idempotency-Key), tell nobody.

A listener gets the `Case` and must not write: it runs after the commit, outside
any transaction. One that raises is logged and skipped (`on_commit(robust=True)`),
so the citizen still gets the answer for a case that was stored.
"""

from collections.abc import Callable
from functools import partial

from django.db import transaction

from cases.models import Case

SubmissionListener = Callable[[Case], None]

_LISTENERS: list[SubmissionListener] = []


def submission_listener_add(listener: SubmissionListener) -> None:
    """Call `listener(case)` after every committed submission, once per listener
    (an AppConfig.ready() calls this; adding the same function again does nothing)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def submission_listeners_schedule(case: Case) -> None:
    """Inside `case_submit`'s transaction: tell every listener once it commits."""
    for listener in _LISTENERS:
        transaction.on_commit(partial(listener, case), robust=True)
