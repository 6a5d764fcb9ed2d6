"""notify: one row per occurrence, nothing without a commit, the daily cap, and the
recipient and secrets never stored or logged in clear."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction

from notifications.backends import locmem
from notifications.models import Message, MessageTemplate
from tests.notifications.helpers import PHONE, fresh, notify_registered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }


def test_it_writes_one_row_and_sends_it_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = notify_registered()

    assert Message.objects.count() == 1
    assert fresh(message).status == Message.Status.SENT
    [sent] = locmem.outbox
    assert sent.recipient == PHONE
    assert (
        sent.text
        == "【微政务】您的诉求已登记，编号ZX20260101-0001，查询码QC7Y3K9M，请妥善保管。"
    )
    assert sent.params == {"number": "ZX20260101-0001", "query_code": "QC7Y3K9M"}


def test_a_second_identical_call_writes_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_registered()
        second = notify_registered(recipient=" 138-1234-5678 ")

    assert first is not None
    assert second is None
    assert Message.objects.count() == 1
    assert len(locmem.outbox) == 1


def test_another_occurrence_or_channel_is_another_message():
    notify_registered(occurrence="1")
    notify_registered(occurrence="2")
    notify_registered(occurrence="1", channel="wechat", recipient="oAbCdEfGhIjKlMn")

    assert Message.objects.count() == 3


def test_a_rolled_back_caller_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify_registered()
                raise RuntimeError("the caller fails")
        except RuntimeError:
            pass

    assert callbacks == []
    assert Message.objects.count() == 0
    assert locmem.outbox == []


def test_the_daily_cap_skips_messages_over_it(settings):
    settings.NOTIFY_MAX_PER_DAY = 2
    morning = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai

    first = notify_registered(occurrence="1", now=morning)
    second = notify_registered(occurrence="2", now=morning + timedelta(hours=1))
    third = notify_registered(occurrence="3", now=morning + timedelta(hours=2))

    assert [first.status, second.status] == [Message.Status.QUEUED] * 2
    assert third.status == Message.Status.SKIPPED
    assert third.last_error == "daily cap"
    assert third.sealed == ""


def test_the_daily_cap_starts_again_at_midnight_in_shanghai(settings):
    settings.NOTIFY_MAX_PER_DAY = 1
    before_midnight = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 23:30 Shanghai

    notify_registered(occurrence="1", now=before_midnight)
    after = notify_registered(occurrence="2", now=before_midnight + timedelta(hours=1))

    assert after.status == Message.Status.QUEUED


def test_messages_outside_the_cap_neither_count_nor_are_stopped(settings):
    settings.NOTIFY_MAX_PER_DAY = 1
    notify_registered(occurrence="1")
    code = notify_registered(
        event="citizen.login_code",
        occurrence="challenge-9",
        params={"code": "123456", "minutes": "5"},
        secret_params=("code",),
        counts_to_daily_cap=False,
    )

    assert code.status == Message.Status.QUEUED
    assert notify_registered(occurrence="2").status == Message.Status.SKIPPED


def test_without_an_active_template_the_message_is_skipped():
    MessageTemplate.objects.filter(event="case.registered", channel="sms").update(
        active=False
    )

    message = notify_registered()

    assert message.status == Message.Status.SKIPPED
    assert message.last_error == "no active template"


def test_a_blank_recipient_writes_nothing():
    assert notify_registered(recipient="  ") is None
    assert Message.objects.count() == 0


def test_an_unknown_event_is_a_programming_error():
    with pytest.raises(ValueError):
        notify_registered(event="case.exploded")


def _raw_row(message_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM notifications_message WHERE id = %s", [message_id]
        )
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_recipient_and_secrets_are_never_stored_in_clear():
    message = notify_registered()

    row = _raw_row(message.pk)
    assert PHONE not in row
    assert "QC7Y3K9M" not in row
    assert message.recipient_masked == "138****5678"
    assert "查询码******" in message.text
    # The template's variables in its order; the secret keeps its place, masked.
    assert message.params == {"number": "ZX20260101-0001", "query_code": "******"}


def test_secret_params_are_erased_once_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = notify_registered()

    message = fresh(message)
    assert message.status == Message.Status.SENT
    assert message.sealed == ""
    assert "QC7Y3K9M" not in _raw_row(message.pk)


def test_the_recipient_and_code_never_reach_the_logs(
    caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        notify_registered()

    assert locmem.outbox
    assert PHONE not in caplog.text
    assert "QC7Y3K9M" not in caplog.text
    assert "sent" in caplog.text
