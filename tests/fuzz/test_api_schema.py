"""Schemathesis against the portal's own OpenAPI schema, over every endpoint:
no response is a 5xx, and every response matches what the schema documents."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from portal.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Schemathesis calls the WSGI app directly, whose request signals would close
    # the test's database connection once it is older than CONN_MAX_AGE (then the
    # next query fails). Django's own test client disconnects them the same way.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _demo_data(db, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    from departments.demo import seed_departments

    seed_departments()
    # The fuzzer sends hundreds of requests; rate limits have tests of their own.
    rates = dict.fromkeys(SimpleRateThrottle.THROTTLE_RATES, "1000000/hour")
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


# 100 examples per operation in CI; FUZZ_EXAMPLES=1000 for a deeper search (the
# 64-bit id overflow was found at 300).
fuzz_settings = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
]


@schema.parametrize()
@fuzz_settings
@pytest.mark.django_db
def test_no_5xx_and_responses_match_the_schema(case):
    case.call_and_validate(
        checks=CHECKS,
    )


staff_schema = schema.include(path_regex="^/api/v1/staff/")


@pytest.fixture
def supervisor_cookie(client, supervisor):
    """A signed-in supervisor's session cookie (schemathesis sends it through
    `cookies`; a Cookie header is dropped), and a case to see, so that the staff
    API answers with data instead of refusing."""
    from cases import services
    from departments.models import Department

    services.case_submit(
        submission=services.CaseSubmission(
            kind="consultation",
            title="社保卡补办咨询",
            content="社保卡丢失后如何补办？",
            department_id=Department.objects.first().pk,
            contact_name="王小明",
            contact_phone="13812345678",
            channel="h5",
        )
    )
    client.force_login(supervisor)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.fixture
def statuses():
    """Every status the signed-in examples got. Hypothesis shares a function-scoped
    fixture across the examples of one test, so this checks them all at the end:
    some must have been answered as the supervisor, or the session was not used."""
    seen = []
    yield seen
    assert 200 in seen, seen


@staff_schema.parametrize()
@fuzz_settings
@pytest.mark.django_db
def test_the_staff_api_signed_in_has_no_5xx_and_matches_the_schema(
    case, supervisor_cookie, statuses
):
    response = case.call_and_validate(
        cookies=supervisor_cookie,
        checks=CHECKS,
    )
    statuses.append(response.status_code)
