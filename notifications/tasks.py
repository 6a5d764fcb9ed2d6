"""The tasks worker's side of the outbox (`manage.py db_worker` runs them)."""

from django.tasks import task

from notifications.delivery import message_deliver


@task
def deliver_message(message_id: int) -> str:
    """Deliver one outbox message (notifications.delivery.message_deliver)."""
    return message_deliver(message_id=message_id)
