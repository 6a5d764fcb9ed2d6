"""With Redis gone, citizens get a clean 503 with Retry-After, nothing is written,
and /readyz says the portal is not ready while /healthz stays a liveness check.

Redis is "gone" by pointing the cache at a closed port with Django's own Redis
backend, as production configures it: the real connection error, no mock."""

from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import override_settings

from cases.models import Case
from feedback.models import DepartmentImpression
from tests.cases.helpers import LOOKUP_URL, SUBMIT_URL, payload, submit_case
from tests.factories import DepartmentFactory
from tests.services import REDIS_BACKEND

pytestmark = pytest.mark.django_db

REDIS_GONE = {
    "default": {
        "BACKEND": REDIS_BACKEND,
        "LOCATION": "redis://127.0.0.1:6390/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}
UNAVAILABLE = {"detail": "服务暂时不可用，请稍后重试。"}


def assert_503(response):
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    assert response.json() == UNAVAILABLE


def test_a_submission_answers_503_and_registers_nothing(api_client):
    department = DepartmentFactory()

    with override_settings(CACHES=REDIS_GONE):
        response = api_client.post(SUBMIT_URL, payload(department), format="json")

    assert_503(response)
    assert not Case.objects.exists()


def test_a_look_up_answers_503(api_client):
    submitted = submit_case()

    with override_settings(CACHES=REDIS_GONE):
        response = api_client.post(
            LOOKUP_URL,
            {"number": submitted.case.number, "query_code": submitted.query_code},
            format="json",
        )

    assert_503(response)


def test_an_impression_answers_503_and_records_nothing(api_client):
    department = DepartmentFactory()

    with override_settings(CACHES=REDIS_GONE):
        response = api_client.post(
            f"/api/v1/departments/{department.pk}/impressions/",
            {"score": 5},
            format="json",
        )

    assert_503(response)
    assert not DepartmentImpression.objects.exists()


def test_the_public_statistics_answer_503(api_client):
    with override_settings(CACHES=REDIS_GONE):
        response = api_client.get("/api/v1/stats/")

    assert_503(response)


def test_reads_that_need_no_cache_still_work(api_client):
    DepartmentFactory()

    with override_settings(CACHES=REDIS_GONE):
        response = api_client.get("/api/v1/departments/")

    assert response.status_code == 200


def test_readyz_fails_while_the_cache_is_unreachable(client):
    with override_settings(CACHES=REDIS_GONE):
        ready = client.get("/readyz")
        alive = client.get("/healthz")

    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "checks": {
            "database": "ok",
            "cache": "unavailable",
            "storage": "ok",
            "private_storage": "ok",
            "migrations": "ok",
        },
    }
    assert alive.status_code == 200


def test_readyz_is_ok_when_everything_answers(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-store" in response["Cache-Control"]


def test_readyz_fails_when_the_upload_folder_cannot_be_written(
    client, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable"


def test_readyz_fails_when_the_database_is_unreachable(client):
    gone = OperationalError("could not connect to server")

    # The checks run in worker threads, each with its own connection object.
    with mock.patch.object(type(connections["default"]), "cursor", side_effect=gone):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


def test_healthz_is_liveness_and_asks_nothing_of_the_database(client):
    gone = OperationalError("could not connect to server")

    with mock.patch.object(type(connections["default"]), "cursor", side_effect=gone):
        response = client.get("/healthz")

    assert response.status_code == 200 and response.json() == {"status": "ok"}
