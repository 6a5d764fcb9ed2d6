"""The cases' work for the tasks worker (`manage.py db_worker`); the ledger
export's task lives with its service (cases/services/ledgers.py)."""

from django.db import transaction
from django.tasks import task


@task
def new_case_alert_send(event_id: int, department_id: int) -> int:
    """Write the new-case alert of one event to the outbox, one message per
    officer and head of the department (`cases.notices_staff`); returns how
    many. Run again (a worker that died mid-way), it writes only what is
    missing: each message is once per event and person."""
    from cases import notices_staff

    with transaction.atomic():
        return notices_staff.new_case_alert_write(
            event_id=event_id, department_id=department_id
        )
