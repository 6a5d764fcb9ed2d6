"""Delivery by the worker: sent, retried with back-off, given up, timed out, and
the periodic re-queue of lost rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications import delivery
from notifications.delivery import deliver_due_messages, message_deliver
from notifications.models import Message
from tests.notifications import fakes
from tests.notifications.helpers import fresh, notify_registered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _scripted_backend(settings):
    settings.SMS_BACKEND = "tests.notifications.fakes.ScriptedBackend"
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    settings.NOTIFY_SEND_TIMEOUT = 5
    fakes.script.clear()
    fakes.calls.clear()
    yield
    fakes.script.clear()


def _deliver(message, *, at=None):
    return message_deliver(message_id=message.pk, now=at or timezone.now())


def test_a_sent_message_stores_the_providers_answer():
    message = notify_registered()

    assert _deliver(message) == "sent"

    message = fresh(message)
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    assert message.provider_message_id == f"fake-{message.pk}"
    assert message.provider_answer == {"ok": 1}
    assert message.sent_at is not None
    assert message.next_attempt_at is None


def test_a_sent_message_is_never_sent_again():
    message = notify_registered()
    _deliver(message)

    assert _deliver(message, at=timezone.now() + timedelta(days=1)) == "not due"
    assert len(fakes.calls) == 1


def test_a_retryable_error_retries_later_with_growing_waits():
    fakes.script.extend(["retryable", "retryable"])
    message = notify_registered()
    start = timezone.now()

    assert _deliver(message) == "failed"
    first = fresh(message)
    assert first.status == Message.Status.FAILED
    assert first.last_error == "isv.BUSINESS_LIMIT_CONTROL ***"
    assert first.provider_answer == {"Code": "isv.BUSINESS_LIMIT_CONTROL"}
    first_wait = first.next_attempt_at - start
    assert timedelta(seconds=60) <= first_wait <= timedelta(seconds=76)
    # Not due yet: a worker that picks it up early does nothing.
    assert _deliver(message) == "not due"

    assert _deliver(message, at=first.next_attempt_at) == "failed"
    second = fresh(message)
    second_wait = second.next_attempt_at - timezone.now()
    assert timedelta(seconds=119) <= second_wait <= timedelta(seconds=151)

    assert _deliver(message, at=second.next_attempt_at) == "sent"
    assert fresh(message).attempts == 3
    assert len(fakes.calls) == 3


def test_it_gives_up_after_the_last_attempt_and_erases_the_secret():
    fakes.script.extend(["retryable"] * 3)
    message = notify_registered()
    far = timezone.now() + timedelta(days=1)

    outcomes = [_deliver(message, at=far + timedelta(hours=i)) for i in range(4)]

    assert outcomes == ["failed", "failed", "gave_up", "not due"]
    message = fresh(message)
    assert message.status == Message.Status.GAVE_UP
    assert message.attempts == 3
    assert message.sealed == ""
    assert message.next_attempt_at is None


def test_a_non_retryable_error_gives_up_at_once():
    fakes.script.append("fatal")
    message = notify_registered()

    assert _deliver(message) == "gave_up"
    message = fresh(message)
    assert message.status == Message.Status.GAVE_UP
    assert message.attempts == 1
    assert message.last_error == "isv.SMS_TEMPLATE_ILLEGAL"


def test_a_crashing_backend_is_retried_like_an_outage():
    fakes.script.append("crash")
    message = notify_registered()

    assert _deliver(message) == "failed"
    assert fresh(message).last_error == "KeyError"


def test_a_slow_backend_times_out_and_is_retried(settings):
    settings.NOTIFY_SEND_TIMEOUT = 0.2
    fakes.script.append(2)
    message = notify_registered()
    started = timezone.now()

    assert _deliver(message) == "failed"

    assert timezone.now() - started < timedelta(seconds=1.5)
    failed = fresh(message)
    assert failed.status == Message.Status.FAILED
    assert failed.last_error.startswith("timeout")
    assert _deliver(message, at=failed.next_attempt_at) == "sent"


def test_a_slow_provider_does_not_hold_up_other_messages(settings):
    settings.NOTIFY_SEND_TIMEOUT = 0.2
    fakes.script.extend([2, "ok"])
    slow = notify_registered(occurrence="1")
    other = notify_registered(occurrence="2", recipient="13900000000")

    _deliver(slow)
    started = timezone.now()
    assert _deliver(other) == "sent"
    assert timezone.now() - started < timedelta(seconds=1)


def test_a_claimed_message_is_not_due_for_another_worker():
    message = notify_registered()
    now = timezone.now()

    claimed = delivery._claim(message.pk, now)

    assert claimed.attempts == 1
    assert delivery._claim(message.pk, now) is None
    # Once the lease runs out (the first worker died), it may be tried again.
    lease_end = fresh(message).next_attempt_at
    assert delivery._claim(message.pk, lease_end).attempts == 2


def test_deliver_due_messages_requeues_rows_whose_task_was_lost(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    lost = notify_registered(occurrence="1")  # its task was never run
    fresh_one = notify_registered(occurrence="2", recipient="13900000000")
    Message.objects.filter(pk=lost.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        queued = deliver_due_messages()

    assert queued == 1
    assert fresh(lost).status == Message.Status.SENT
    assert fresh(fresh_one).status == Message.Status.QUEUED
    # Nothing is due any more: a second node's run in the same minute finds nothing.
    assert deliver_due_messages() == 0


def test_the_provider_gets_the_templates_variables_in_order_with_secrets_in_place():
    # Tencent takes the parameters as a list in the template's order: a login code
    # ("…{code}…{minutes}") must not reach it as [minutes, code].
    from notifications.models import Message, MessageTemplate
    from notifications.rendering import variables_in
    from notifications.services import notify

    message = notify(
        event="citizen.login_code",
        about="citizens.phone:1",
        occurrence="order-check",
        channel="sms",
        recipient="13800138000",
        params={"minutes": "5", "code": "654321"},
        secret_params=("code",),
        counts_to_daily_cap=False,
    )
    message_deliver(message_id=message.pk)

    template = MessageTemplate.objects.get(event="citizen.login_code", channel="sms")
    sent = fakes.calls[-1]
    assert list(sent.params) == list(dict.fromkeys(variables_in(template.text)))
    assert sent.params["code"] == "654321"
    assert "654321" not in str(Message.objects.get(pk=message.pk).params)
