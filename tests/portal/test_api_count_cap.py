"""Public API lists count their items only up to API_LIST_COUNT_CAP.

A list with more items answers `count` = the cap with `count_capped: true`, and
`next` keeps leading on past the cap; below it the count is exact
(kernel/api/pagination.py, kernel/counts.py).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/departments/"


@pytest.fixture
def departments(settings):
    settings.API_LIST_COUNT_CAP = 5
    return DepartmentFactory.create_batch(9)


def _count_limit(queries) -> int:
    (count,) = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT(")
    ]
    return int(re.findall(r"LIMIT (\d+)", count)[-1])


def test_a_list_past_the_cap_says_its_count_stopped(api_client, departments):
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get(URL, {"page_size": 2}).json()

    assert body["count"] == 5
    assert body["count_capped"] is True
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
    assert body["previous"] is None
    assert _count_limit(queries) == 6


def test_next_leads_past_the_cap_to_the_last_item(api_client, departments):
    seen, url, pages = [], URL + "?page_size=2", 0
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(url).json()
        pages += 1
        seen += [item["id"] for item in body["results"]]
        # Page p counts up to p × 2 + 1 items: no more than its OFFSET reads.
        assert _count_limit(queries) == max(5, pages * 2) + 1
        url = body["next"]

    assert sorted(seen) == sorted(d.id for d in departments)
    assert pages == 5
    # The last page knows the end: an exact count again.
    assert body["count"] == 9
    assert body["count_capped"] is False


def test_below_the_cap_the_count_is_exact(api_client, departments, settings):
    settings.API_LIST_COUNT_CAP = 10_000

    body = api_client.get(URL, {"page_size": 2}).json()

    assert body["count"] == 9
    assert body["count_capped"] is False


def test_a_page_past_the_end_is_still_a_404(api_client, departments):
    response = api_client.get(URL, {"page": 99, "page_size": 2})

    assert response.status_code == 404


def test_the_schema_documents_count_capped(client):
    schema = client.get("/api/schema/?format=json").json()
    paginated = schema["components"]["schemas"]["PaginatedDepartmentListList"]

    assert "count_capped" in paginated["required"]
    assert paginated["properties"]["count_capped"]["type"] == "boolean"
