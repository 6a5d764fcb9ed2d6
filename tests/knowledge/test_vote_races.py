"""One vote each, proven with concurrent requests on PostgreSQL: a device that
sends its 有用 many times at once counts once, and so does its 已解决."""

import threading

import pytest
from django.db import connection
from django.test import Client

from kernel.device import COOKIE_NAME
from knowledge.models import KnowledgeDayCount
from tests.cases.helpers import run_in_threads
from tests.knowledge.conftest import make_entry

THREADS = 12


@pytest.fixture(autouse=True)
def _no_limits(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {**SimpleRateThrottle.THROTTLE_RATES, "knowledge_vote": "100000/hour"},
    )


def device_cookie() -> str:
    """A device's cookie as the server set it (its first visit)."""
    entry = make_entry(question="另一条", status="published")
    response = Client().post(
        f"/api/v1/knowledge/{entry.pk}/vote/",
        {"helpful": False},
        content_type="application/json",
    )
    return response.cookies[COOKIE_NAME].value


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "body", "counted"),
    [
        ("vote", {"helpful": True}, "helpful"),
        ("resolved", {"kind": "consultation"}, "self_served"),
    ],
)
def test_a_device_sending_at_once_counts_once(path, body, counted):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: proven on PostgreSQL (CI)")
    cookie = device_cookie()
    entry = make_entry(question="社保卡补办")
    start = threading.Barrier(THREADS, timeout=30)
    answers = []

    def send():
        client = Client()
        client.cookies[COOKIE_NAME] = cookie
        start.wait()
        answers.append(
            client.post(
                f"/api/v1/knowledge/{entry.pk}/{path}/",
                body,
                content_type="application/json",
            )
        )

    assert run_in_threads(send, THREADS) == []
    assert all(answer.status_code in (200, 400) for answer in answers), [
        a.status_code for a in answers
    ]
    assert getattr(KnowledgeDayCount.objects.get(), counted) == 1
    entry.refresh_from_db()
    if path == "vote":
        assert entry.helpful_count == 1
        assert sum(a.status_code == 200 for a in answers) == 1
    else:
        assert sum(a.json() == {"counted": True} for a in answers) == 1
