"""Open311 and H5 submissions at the same moment, as real concurrent requests to
a live server on PostgreSQL: one counter, every number once, none skipped."""

import threading

import httpx
import pytest
from django.db import connection

from cases.models import Case
from tests.cases.helpers import complaint_payload
from tests.open311.conftest import complaint

pytestmark = pytest.mark.django_db(transaction=True)

EACH = 6


def test_numbers_stay_gapless_across_both_doors(
    live_server, issue, department_a, rates
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: proven on PostgreSQL (CI)")
    rates(case_submit="1000/hour")
    _client, key = issue(rate_limit="1000/hour")
    start = threading.Barrier(EACH * 2, timeout=60)
    statuses: list[int] = []

    def open311():
        start.wait()
        response = httpx.post(
            f"{live_server.url}/open311/v2/requests.json",
            data=complaint(key),
            timeout=60,
        )
        statuses.append(response.status_code)

    def h5():
        start.wait()
        response = httpx.post(
            f"{live_server.url}/api/v1/cases/",
            json=complaint_payload(department_a),
            timeout=60,
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=t) for t in [open311, h5] * EACH]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [201] * (EACH * 2)
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == list(range(1, EACH * 2 + 1))
    channels = Case.objects.values_list("channel", flat=True)
    assert sorted(set(channels)) == ["api", "open311"]
