"""The OpenAPI schema tells the truth (docs/security/schema.md).

Schemathesis with every check found 44 ways the schema and the API disagreed:
errors no operation documented, schema-valid requests refused by rules the schema
did not state, and schema-violating requests accepted (`page_size=null`,
`"comment": 0`, `year=`). These tests pin the agreement one request at a time: what
the API answers, and what the published schema says about the same request.
"""

import json

import jsonschema_rs
import pytest

from feedback.models import DepartmentImpression, LeaderReview
from tests.cases.helpers import SUBMIT_URL, complaint_payload, is_chinese, payload
from tests.factories import DepartmentFactory, LeaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def body_validator(schema, path, media_type="application/json"):
    ref = schema["paths"][path]["post"]["requestBody"]["content"][media_type]
    return jsonschema_rs.validator_for(
        {**ref["schema"], "components": schema["components"]}
    )


def test_every_operation_documents_the_errors_the_portal_can_answer(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        has_input = "requestBody" in operation or any(
            p["in"] in ("query", "header") for p in operation.get("parameters", [])
        )
        expected = {"406", "414", "503"}
        expected |= {"400"} if has_input else set()
        expected |= {"403", "413", "415"} if method == "POST" else set()
        expected |= {"404"} if "{" in path or "page" in json.dumps(operation) else set()
        assert expected <= set(responses), (method, path, sorted(responses))
        for code in expected - {"414"}:
            content = responses[code]["content"]["application/json"]
            assert content["schema"] == error, (method, path, code)
        assert "Retry-After" in responses["503"]["headers"], (method, path)


def test_throttled_operations_document_429_and_the_others_do_not(schema):
    throttled = {
        ("POST", "/api/v1/cases/"),
        ("POST", "/api/v1/cases/lookup/"),
        ("POST", "/api/v1/cases/lookup/sms-stop/"),
        ("POST", "/api/v1/cases/evaluation/"),
        ("POST", "/api/v1/cases/{number}/supplement/"),
        ("POST", "/api/v1/departments/{id}/impressions/"),
        ("POST", "/api/v1/leaders/{id}/reviews/"),
        ("POST", "/api/v1/me/code/"),
        ("POST", "/api/v1/me/login/"),
        ("POST", "/api/v1/me/wechat/"),
        ("POST", "/api/v1/me/cases/{number}/evaluation/"),
        ("GET", "/api/v1/cases/similar/"),
        ("GET", "/api/v1/knowledge/"),
        ("GET", "/api/v1/knowledge/suggest/"),
        ("GET", "/api/v1/knowledge/{id}/"),
        ("POST", "/api/v1/knowledge/{id}/vote/"),
        ("POST", "/api/v1/knowledge/{id}/resolved/"),
        ("POST", "/api/v1/appointments/"),
        ("POST", "/api/v1/appointments/{number}/cancel/"),
        ("POST", "/api/v1/appointments/{number}/move/"),
        ("POST", "/api/v1/appointments/{number}/materials/"),
        ("POST", "/api/v1/appointments/{number}/evaluation/"),
        ("POST", "/api/v1/surveys/{id}/responses/"),
    }
    for path, method, operation in operations(schema):
        assert ("429" in operation["responses"]) == ((method, path) in throttled), (
            method,
            path,
        )


def test_the_staff_api_documents_its_403(schema):
    for path, method, operation in operations(schema):
        if path.startswith("/api/v1/staff/"):
            assert "403" in operation["responses"], (method, path)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/departments/?page_size=null", "page_size"),
        ("/api/v1/departments/?page_size=0", "page_size"),
        ("/api/v1/departments/?page_size=101", "page_size"),
        ("/api/v1/departments/?page=abc", "page"),
        ("/api/v1/leaders/?page=", "page"),
        ("/api/v1/stats/?year=", "year"),
        ("/api/v1/stats/?year=null", "year"),
        ("/api/v1/service-types/?department=", "department"),
        ("/api/v1/service-types/?hot=", "hot"),
        ("/api/v1/albums/?department=null", "department"),
        ("/api/v1/cases/public/?department=", "department"),
    ],
)
def test_a_query_parameter_the_schema_calls_an_integer_is_refused_otherwise(
    client, url, field
):
    response = client.get(url)

    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert all(is_chinese(message) for message in errors[field]), errors


def test_a_search_with_a_nul_character_is_refused_naming_the_parameter(client, schema):
    response = client.get("/api/v1/departments/?search=%00")

    assert response.status_code == 400
    assert list(response.json()) == ["search"]
    parameters = schema["paths"]["/api/v1/departments/"]["get"]["parameters"]
    search = next(p for p in parameters if p["name"] == "search")
    assert search["schema"]["pattern"] == "^[^\\u0000]*$"


def test_the_schema_states_the_page_size_limit_that_is_enforced(schema, client):
    parameters = schema["paths"]["/api/v1/departments/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")

    assert page_size["schema"]["maximum"] == 100
    assert client.get("/api/v1/departments/?page_size=100").status_code == 200
    assert client.get("/api/v1/departments/?page_size=101").status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"score": 5, "comment": 0}, "comment"),
        ({"score": 5, "comment": 12.5}, "comment"),
        ({"score": "5"}, "score"),
        ({"score": True}, "score"),
        ({"score": 5, "tags": "1"}, "tags"),
    ],
)
def test_a_json_value_of_another_type_than_the_schema_says_is_refused(
    api_client, schema, body, field
):
    department = DepartmentFactory()
    path = "/api/v1/departments/{id}/impressions/"

    response = api_client.post(
        f"/api/v1/departments/{department.pk}/impressions/", body, format="json"
    )

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert all(is_chinese(text) for text in response.json()[field])
    assert not DepartmentImpression.objects.exists()
    assert not body_validator(schema, path).is_valid(body)


def test_a_review_sent_as_a_form_is_refused_as_the_schema_says(api_client, schema):
    leader = LeaderFactory()

    response = api_client.post(
        f"/api/v1/leaders/{leader.pk}/reviews/",
        {"score": "5", "comment": "办事很耐心"},
        format="multipart",
    )

    assert response.status_code == 415
    assert is_chinese(response.json()["detail"])
    assert not LeaderReview.objects.exists()
    content = schema["paths"]["/api/v1/leaders/{id}/reviews/"]["post"]["requestBody"]
    assert list(content["content"]) == ["application/json"]


def submissions(department):
    """(body, accepted) pairs: what the API does with each, which the schema must
    predict."""
    return [
        (payload(department), True),
        (
            complaint_payload(
                department, is_anonymous=True, contact_name="", contact_phone=""
            ),
            True,
        ),
        (payload(department, latitude="36.651200", longitude="117.120000"), True),
        (payload(department, latitude=36.6512, longitude=117.12), True),
        (payload(department, contact_phone="0531-86001234"), True),
        # Rules that span fields: now in the schema too.
        (complaint_payload(department, complainee=""), False),
        (complaint_payload(department, complainee="\u200b\u200b"), False),
        (
            payload(department, is_anonymous=True, contact_name="", contact_phone=""),
            False,
        ),
        (complaint_payload(department, is_anonymous=True), False),
        (payload(department, contact_name=""), False),
        (payload(department, contact_phone=""), False),
        (payload(department, latitude="36.6512"), False),
        (payload(department, latitude="91", longitude="117"), False),
        (payload(department, longitude=180.5, latitude=36), False),
        # Text: visible characters and no control characters, as validation counts.
        (payload(department, title="\u200b\u200b\u200b\u200b标题"), False),
        (payload(department, title="社保卡\x07补办"), False),
        (payload(department, title=1234), False),
        (payload(department, content=0), False),
        # A phone in another script's digits matched Python's \d, not the schema.
        (payload(department, contact_phone="1３８12345678"), False),
        (payload(department, is_anonymous="true"), False),
    ]


def test_the_schema_predicts_which_submissions_are_accepted(api_client, schema):
    department = DepartmentFactory()
    validator = body_validator(schema, "/api/v1/cases/")

    for body, accepted in submissions(department):
        response = api_client.post(SUBMIT_URL, body, format="json")

        assert (response.status_code == 201) is accepted, (body, response.content)
        assert validator.is_valid(body) is accepted, body


def test_a_query_code_look_up_refuses_a_number_that_is_not_text(api_client):
    response = api_client.post(
        "/api/v1/cases/lookup/", {"number": 1, "query_code": 2}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"number", "query_code"}


def test_a_bare_list_of_errors_gets_the_documented_shape():
    from rest_framework.exceptions import ValidationError

    from kernel.api.exceptions import portal_exception_handler

    response = portal_exception_handler(ValidationError(["不允许是用空字符串。"]), {})

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["不允许是用空字符串。"]}
