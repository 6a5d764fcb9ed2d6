"""Schemathesis against the portal's own OpenAPI schema, with every check it has
(`--checks all`): no 5xx; every status, content type, header and body as
documented; schema-valid requests accepted and schema-violating ones refused
(positive and negative data); undeclared methods answered 405 with Allow; and, in
the stateful run, chains of calls along the links it infers (a new case's number
into the look-up, a list's ids into the detail).

The same checks run on the staff API signed in as the supervisor, and a stateful
run does too. `FUZZ_EXAMPLES` sets the examples per operation (`make fuzz` runs
more); how this is run and what it guarantees: docs/security/schema.md.
"""

import os
from io import BytesIO

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from PIL import Image

from portal.wsgi import application

SCHEMA_URL = "/api/schema/?format=json"
STAFF_PATHS = "^/api/v1/staff/"
schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
# The same schema with the supervisor's session as its credentials for the staff
# API (SupervisorSession below): then `ignored_auth` also sends each request with
# no session and with a made-up one, and expects 403.
signed_in = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
# A fixed key, because schemathesis asks for credentials while it collects the
# tests, before any test database exists; each test stores the session under it.
SESSION_KEY = "fuzz0supervisor0session0key00001"

for _schema in (schema, signed_in):
    # Not a check, a source of values: string literals from the portal's own code
    # ("status", "thumbnail"), which schemathesis 4.32 drops into positive
    # examples without honouring the cross-field rules (allOf) or a field's own
    # pattern, so schema-invalid requests were reported as valid ones refused.
    _schema.config.analysis.constants.enabled = False


def _photo(image_format: str) -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, image_format)
    return out.getvalue()


PHOTOS = [_photo("JPEG"), _photo("PNG"), _photo("WEBP")]

# 50 examples per operation (and 25 stateful scenarios) keep the run near a
# minute on two cores; `make fuzz` runs 500, FUZZ_EXAMPLES=2000 searches deeper
# (the 64-bit id overflow was found at 300).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
stateful_settings = settings(
    fuzz_settings,
    max_examples=max(EXAMPLES // 2, 10),
    stateful_step_count=6,
)


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

    from appointments.demo import seed_appointments
    from departments.demo import seed_departments
    from feedback.demo import seed_feedback

    seed_departments()
    seed_feedback()
    seed_appointments()
    # The fuzzer sends hundreds of requests; rate limits have tests of their own
    # (429 stays documented wherever a view is throttled).
    rates = dict.fromkeys(SimpleRateThrottle.THROTTLE_RATES, "1000000/hour")
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


# A wrong login code is a 400 (验证码错误或已过期): the schema says which requests are
# well formed, not which code the phone was sent (tests/citizens/ test the codes).
CODE_CHECKED = {("POST", "/api/v1/me/login/")}


def excluded_checks(case) -> list:
    if (case.method.upper(), case.path) in CODE_CHECKED:
        return [schemathesis.checks.positive_data_acceptance]
    return []


def make_it_real(case):
    """What a schema cannot say: which rows exist (it says "an id of 1 or more"),
    and that a file is a photo kernel.images can decode (it says "binary"). So a
    valid submission names a real department, service type and tags, and uploads
    real photos. Only positive examples are changed (they must be accepted);
    negative ones stay as drawn. Bad photos have tests of their own. A query's
    department (GET /api/v1/cases/similar/) is made real as a body's is, and a
    query's service type and window (GET /api/v1/appointments/…) a bookable pair."""
    if not case.meta.generation.mode.is_positive:
        return
    if isinstance(case.query, dict) and case.query.get("department") is not None:
        from departments.models import Department

        active = Department.objects.filter(is_active=True).order_by("pk").first()
        case.query["department"] = active.pk
    if isinstance(case.query, dict) and case.query.get("service_type") is not None:
        # A bookable service at a window that takes bookings (GET …/appointments/).
        from appointments.models import WindowSchedule

        schedule = WindowSchedule.objects.order_by("pk").first()
        service = schedule.window.service_types.filter(by_appointment=True).first()
        case.query["service_type"] = service.pk
        if case.query.get("window") is not None:
            case.query["window"] = schedule.window_id
    body = case.body
    if not isinstance(body, dict):
        return
    if body.get("attachments"):
        body["attachments"] = [
            PHOTOS[index % len(PHOTOS)] for index in range(len(body["attachments"]))
        ]
    from departments.models import Department, ServiceType
    from feedback.models import ImpressionTag

    if "department" in body or body.get("service_type") is not None:
        department = Department.objects.filter(is_active=True).order_by("pk").first()
        # None ("不确定是哪个部门") stays: the 派单目录 routes the case.
        if body.get("department") is not None:
            body["department"] = department.pk
        if body.get("service_type") is not None:
            service_type = ServiceType.objects.filter(
                window__department=department, is_active=True, window__is_active=True
            ).first()
            body["service_type"] = service_type.pk if service_type else None
    if body.get("tags"):
        tags = ImpressionTag.objects.filter(is_active=True).order_by("pk")
        body["tags"] = list(tags.values_list("pk", flat=True)[: len(body["tags"])])


@schema.parametrize()
@fuzz_settings
@pytest.mark.django_db
def test_every_operation_answers_as_documented(case):
    make_it_real(case)
    case.call_and_validate(excluded_checks=excluded_checks(case))


@signed_in.auth(refresh_interval=None).apply_to(path_regex=STAFF_PATHS)
class SupervisorSession:
    def get(self, case, context):
        return SESSION_KEY

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), "sessionid": data}


@pytest.fixture
def supervisor_session(client, supervisor):
    """A signed-in supervisor's session for SupervisorSession, and a case to see,
    so that the staff API answers with data instead of refusing."""
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
    from django.contrib.sessions.models import Session

    client.force_login(supervisor)
    Session.objects.filter(pk=client.session.session_key).update(
        session_key=SESSION_KEY
    )


@pytest.fixture
def statuses():
    """Every status the signed-in examples got. Hypothesis shares a function-scoped
    fixture across the examples of one test, so this checks them all at the end:
    some must have been answered as the supervisor, or the session was not used."""
    seen = []
    yield seen
    assert 200 in seen, seen


@signed_in.include(path_regex=STAFF_PATHS).parametrize()
@fuzz_settings
@pytest.mark.django_db
def test_the_staff_api_signed_in_answers_as_documented(
    case, supervisor_session, statuses
):
    response = case.call_and_validate()
    statuses.append(response.status_code)


class Steps:
    """Sequences of calls along the schema's links and those schemathesis infers
    (a new case's number and code into the look-up and the staff view, a list's
    ids into the details)."""

    def before_call(self, case):
        make_it_real(case)

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        # Every check but ensure_resource_availability, which does not apply here:
        # the one resource created (a case) is looked up with its code in the
        # body, and schemathesis follows a body link only some of the time (a
        # drawn code otherwise) yet judges every 404 as if it had, since it looks
        # only at parameters. A case's look-up after submission is tested in
        # tests/cases/test_lookup.py.
        case.validate_response(
            response,
            additional_checks=additional_checks,
            excluded_checks=[
                schemathesis.checks.ensure_resource_availability,
                *excluded_checks(case),
            ],
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


class Workflow(Steps, schema.as_state_machine()):
    pass


class SignedInWorkflow(Steps, signed_in.as_state_machine()):
    pass


@pytest.mark.django_db
def test_chains_of_calls_answer_as_documented():
    Workflow.run(settings=stateful_settings)


@pytest.mark.django_db
def test_chains_of_calls_signed_in_answer_as_documented(supervisor_session):
    SignedInWorkflow.run(settings=stateful_settings)
