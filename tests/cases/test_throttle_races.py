"""The attack on the throttles: many requests at once, from one address.

Each test sends its requests from threads released together, on PostgreSQL, with
the cache production uses (Redis) and the one `make run` uses without Redis (the
database cache). A limit read and then written back lets most of them through;
counted atomically, exactly the limit gets through.
"""

import threading
import uuid

import pytest
import redis
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from cases.models import Case
from feedback.models import DepartmentImpression
from tests.cases.helpers import LOOKUP_URL, SUBMIT_URL, payload, submit_case
from tests.factories import DepartmentFactory
from tests.services import REDIS_BACKEND, REDIS_TEST_URL, need, need_redis

pytestmark = pytest.mark.django_db(transaction=True)

ATTACKER = "203.0.113.66"


@pytest.fixture(params=["redis", "database"])
def shared_cache(request, settings):
    """The test's cache: Redis (own key prefix, removed afterwards) or the
    database cache (own table, emptied)."""
    need("PostgreSQL", connection.vendor == "postgresql")
    if request.param == "redis":
        need_redis()
        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": REDIS_BACKEND,
                "LOCATION": REDIS_TEST_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        client = redis.Redis.from_url(REDIS_TEST_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "portal.cache.DatabaseCache",
                "LOCATION": "test_throttle_cache",
            }
        }
        call_command("createcachetable", verbosity=0)
        cache.clear()
        yield request.param
        cache.clear()


@pytest.fixture
def limits(monkeypatch):
    def set_limits(**rates):
        monkeypatch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {**SimpleRateThrottle.THROTTLE_RATES, **rates},
        )

    return set_limits


def all_at_once(count: int, send) -> list:
    """`send()` in `count` threads released together, each with its own client and
    database connection; their responses (a thread's error fails the test)."""
    start = threading.Barrier(count, timeout=60)
    responses, errors = [], []

    def run():
        try:
            client = APIClient()
            start.wait()
            responses.append(send(client))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return responses


def statuses(responses) -> dict[int, int]:
    counted: dict[int, int] = {}
    for response in responses:
        counted[response.status_code] = counted.get(response.status_code, 0) + 1
    return counted


def test_forty_wrong_codes_at_once_get_five_checked(shared_cache, limits):
    limits(case_code_failure="5/hour", case_lookup="1000/hour")
    submitted = submit_case()
    wrong = {"number": submitted.case.number, "query_code": "AAAAAAAA"}

    responses = all_at_once(
        40,
        lambda client: client.post(
            LOOKUP_URL, wrong, format="json", REMOTE_ADDR=ATTACKER
        ),
    )

    # Five codes were compared (404); the other 35 were refused unchecked.
    assert statuses(responses) == {404: 5, 429: 35}
    right = {"number": submitted.case.number, "query_code": submitted.query_code}
    locked = APIClient().post(LOOKUP_URL, right, format="json", REMOTE_ADDR=ATTACKER)
    assert locked.status_code == 429


def test_forty_submissions_at_once_register_twenty(shared_cache, limits):
    limits(case_submit="20/hour")
    department = DepartmentFactory()
    body = payload(department)

    responses = all_at_once(
        40,
        lambda client: client.post(
            SUBMIT_URL, body, format="json", REMOTE_ADDR=ATTACKER
        ),
    )

    assert statuses(responses) == {201: 20, 429: 20}
    assert Case.objects.count() == 20


def test_thirty_impressions_at_once_record_ten(shared_cache, limits):
    limits(impression="10/hour")
    department = DepartmentFactory()

    # A new browser (no device cookie) each time: only the address limit holds.
    responses = all_at_once(
        30,
        lambda client: client.post(
            f"/api/v1/departments/{department.pk}/impressions/",
            {"score": 1},
            format="json",
            REMOTE_ADDR=ATTACKER,
        ),
    )

    assert statuses(responses) == {201: 10, 429: 20}
    assert DepartmentImpression.objects.count() == 10
