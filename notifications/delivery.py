"""Delivering the outbox: one message per task, at most once.

`message_deliver` claims the row in a short transaction (`select_for_update(
skip_locked=True)` on PostgreSQL, so a second worker skips a row being claimed; on
SQLite writes are serialised anyway), counts the attempt and pushes
`next_attempt_at` past the send timeout (a lease), then calls the backend outside
any transaction. A second worker that finds the row after the claim sees it not
due, so two workers never send the same row. If the worker dies during the call,
the lease runs out and the row is tried again as a new attempt (the only case
where a provider might see it twice), until NOTIFY_MAX_ATTEMPTS.

Each backend call runs with a timeout (NOTIFY_SEND_TIMEOUT) in a helper thread, so
a slow provider costs one attempt of one message, never the worker. A timeout or a
retryable `DeliveryError` schedules the next attempt with exponential back-off and
jitter (NOTIFY_RETRY_BASE_SECONDS × 2^(attempt-1), up to +25 %); the last attempt,
or a non-retryable error, gives up. Sent and given-up rows lose their secrets.
"""

import logging
import random
import re
import threading
import traceback
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from notifications import crypto
from notifications.backends import DeliveryError, Outgoing, Sent, get_backend
from notifications.models import Message

logger = logging.getLogger(__name__)
# Extra time beyond the send timeout before a claimed row may be claimed again.
LEASE_MARGIN = timedelta(seconds=30)
# A due row nobody has claimed for this long lost its task (a worker died, the
# queue was flushed): `deliver_due_messages` queues it again.
REQUEUE_AFTER = timedelta(minutes=2)
DUE_BATCH = 500
# Long digit runs (phone numbers, codes) are cut out of stored errors.
_DIGITS = re.compile(r"\d{6,}")


class SendTimeout(DeliveryError):
    def __init__(self, seconds: float):
        super().__init__(f"timeout after {seconds:g}s", retryable=True)


def message_deliver(*, message_id: int, now: datetime | None = None) -> str:
    """Deliver one message if it is due and nobody else holds it; returns what
    happened ("sent", "failed", "gave_up", or "not due")."""
    message = _claim(message_id, now or timezone.now())
    if message is None:
        return "not due"
    try:
        sent = _send(message)
    except DeliveryError as exc:
        return _record_failure(message, exc)
    except Exception as exc:  # a backend bug: retried like an outage, and logged
        # Where it crashed, without the exception's message: it may hold the number.
        logger.error(
            "notification backend crashed (message %s): %s\n%s",
            message.pk,
            type(exc).__name__,
            "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__))),
        )
        return _record_failure(
            message, DeliveryError(type(exc).__name__, retryable=True)
        )
    _record_sent(message, sent)
    return "sent"


def _claim(message_id: int, now: datetime) -> Message | None:
    lease = timedelta(seconds=settings.NOTIFY_SEND_TIMEOUT) + LEASE_MARGIN
    with transaction.atomic():
        rows = Message.objects.filter(
            pk=message_id, status__in=Message.PENDING, next_attempt_at__lte=now
        )
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        message = rows.first()
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + lease
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message


def _outgoing(message: Message) -> Outgoing:
    sealed = crypto.decrypt_json(message.sealed)
    return Outgoing(
        message_id=message.pk,
        channel=message.channel,
        recipient=crypto.decrypt(message.recipient_encrypted),
        text=sealed.get("text", message.text),
        template_code=message.template_code,
        params=_params_in_template_order(message, sealed.get("params", {})),
        subject=sealed.get("subject", message.subject),
        url=message.url,
    )


def _params_in_template_order(message: Message, secrets: dict) -> dict[str, str]:
    """The stored params (the template's, in its order) with each masked secret
    replaced by its sealed value in the same place."""
    return {name: secrets.get(name, value) for name, value in message.params.items()}


def _send(message: Message) -> Sent:
    """The backend's answer, or SendTimeout when it takes longer than allowed.

    The call runs in a daemon thread that is abandoned on timeout (Python cannot
    stop it); SDK backends also pass the timeout to their HTTP client, so the
    thread ends soon after."""
    outgoing = _outgoing(message)
    backend = get_backend(message.channel)
    seconds = settings.NOTIFY_SEND_TIMEOUT
    outcome: dict = {}

    def call():
        try:
            outcome["sent"] = backend.send(outgoing)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc
        finally:
            # A backend that touched the database (a token cache) must not leave
            # this thread's connection open.
            connections.close_all()

    worker = threading.Thread(target=call, daemon=True, name="notify-send")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise SendTimeout(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["sent"]


def _record_sent(message: Message, sent: Sent) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        provider_message_id=str(sent.provider_message_id)[:100],
        provider_answer=sent.answer,
        last_error="",
        sealed="",
    )
    logger.info("notification %s sent (%s)", message.pk, message.channel)


def _record_failure(message: Message, error: DeliveryError) -> str:
    reason = _DIGITS.sub("***", str(error))[:300]
    now = timezone.now()
    fields = {"last_error": reason, "provider_answer": error.answer}
    if error.retryable and message.attempts < settings.NOTIFY_MAX_ATTEMPTS:
        when = now + retry_delay(message.attempts)
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.FAILED, next_attempt_at=when, **fields
        )
        _enqueue_later(message.pk, when)
        outcome = "failed"
    else:
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.GAVE_UP, next_attempt_at=None, sealed="", **fields
        )
        outcome = "gave_up"
    logger.warning(
        "notification %s %s after attempt %s: %s",
        message.pk,
        outcome,
        message.attempts,
        reason,
    )
    return outcome


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed attempt number `attempt` (1, 2, ...): exponential,
    with up to 25 % jitter so that retries of one outage do not arrive together."""
    base = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=base * (1 + random.random() / 4))  # noqa: S311


def _enqueue_later(message_id: int, when: datetime) -> None:
    from notifications.tasks import deliver_message

    if deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=when).enqueue(message_id)
    # Otherwise `deliver_due_messages` queues it once it is due.


def deliver_due_messages(now: datetime | None = None) -> int:
    """Queue again every pending message that has been due for REQUEUE_AFTER
    without being claimed (its task was lost); returns how many. The periodic
    runner calls it every minute, on any number of nodes: the rows are taken with
    `skip_locked` and stamped in one transaction, so two nodes share them out."""
    from notifications.tasks import deliver_message

    now = now or timezone.now()
    with transaction.atomic():
        rows = Message.objects.filter(
            status__in=Message.PENDING, next_attempt_at__lte=now - REQUEUE_AFTER
        ).order_by("next_attempt_at")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:DUE_BATCH])
        # Due now, but not "lost" again for another REQUEUE_AFTER.
        Message.objects.filter(pk__in=ids).update(next_attempt_at=now)
        for message_id in ids:
            transaction.on_commit(
                lambda message_id=message_id: deliver_message.enqueue(message_id)
            )
    return len(ids)
