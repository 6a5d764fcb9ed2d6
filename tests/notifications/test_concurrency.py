"""At most once across workers, on PostgreSQL (SQLite serialises writers, so it
proves nothing there): several workers deliver the same due rows at once and each
row reaches the provider exactly once; concurrent notify calls write one row."""

import random
from collections import Counter

import pytest
from django.db import connection, transaction

from notifications.delivery import message_deliver
from notifications.models import Message
from tests.cases.helpers import run_in_threads
from tests.notifications import fakes
from tests.notifications.helpers import notify_registered


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def _scripted_backend(settings):
    settings.SMS_BACKEND = "tests.notifications.fakes.ScriptedBackend"
    fakes.script.clear()
    fakes.calls.clear()
    yield
    fakes.calls.clear()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_scripted_backend")
def test_four_workers_delivering_the_same_rows_send_each_exactly_once():
    _postgresql_only()
    ids = [
        notify_registered(occurrence=str(n), recipient=f"139{n:08d}").pk
        for n in range(200)
    ]

    def worker():
        # Every worker tries every row, in its own order, as four db_workers would
        # after deliver_due_messages queued each row more than once.
        for message_id in random.sample(ids, len(ids)):
            message_deliver(message_id=message_id)

    assert run_in_threads(worker, 4) == []

    sent = Counter(outgoing.message_id for outgoing in fakes.calls)
    assert set(sent) == set(ids)
    assert max(sent.values()) == 1
    assert Message.objects.filter(status=Message.Status.SENT).count() == 200
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_notify_calls_write_one_row():
    _postgresql_only()
    written = []

    def caller():
        with transaction.atomic():
            written.append(notify_registered(occurrence="same"))

    assert run_in_threads(caller, 8) == []

    assert Message.objects.count() == 1
    assert len([message for message in written if message is not None]) == 1
