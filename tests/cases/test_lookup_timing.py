"""An unknown number and a wrong code for an existing one cost the same work, so
their response times do not tell which case numbers exist (bench/lookup_timing.py
measures the times themselves)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.helpers import LOOKUP_URL, submit_case
from tests.cases.test_lookup import wrong_code

pytestmark = pytest.mark.django_db


def queries_for(api_client, number, code):
    with CaptureQueriesContext(connection) as queries:
        response = api_client.post(
            LOOKUP_URL, {"number": number, "query_code": code}, format="json"
        )
    return response, [query["sql"] for query in queries.captured_queries]


def test_an_unknown_number_and_a_wrong_code_run_the_same_queries(api_client):
    submitted = submit_case()
    number = submitted.case.number
    unknown = number[:-4] + "9999"

    wrong_response, wrong = queries_for(
        api_client, number, wrong_code(submitted.query_code)
    )
    unknown_response, absent = queries_for(api_client, unknown, submitted.query_code)

    assert wrong_response.status_code == unknown_response.status_code == 404
    # One query on the number; the timeline and photos only after a match.
    assert len(wrong) == len(absent) == 1
    assert wrong == [sql.replace(unknown, number) for sql in absent]


def test_the_right_code_loads_the_timeline_and_photos(api_client):
    submitted = submit_case()

    response, queries = queries_for(
        api_client, submitted.case.number, submitted.query_code
    )

    assert response.status_code == 200
    assert response.json()["number"] == submitted.case.number
    assert len(queries) > 1
