"""Idempotency-Key on POST /api/v1/cases/: a retry returns the first answer."""

import pytest

from cases.models import Case, CaseAttachment, SubmissionKey
from tests.cases.helpers import (
    LOOKUP_URL,
    SUBMIT_URL,
    is_chinese,
    jpeg_bytes,
    media_files,
    payload,
    photo,
    sequence_rows,
)

pytestmark = pytest.mark.django_db

KEY = "h5-3f9c2a7e-retry"


def post(api_client, body, key=KEY, fmt="json"):
    return api_client.post(SUBMIT_URL, body, format=fmt, HTTP_IDEMPOTENCY_KEY=key)


def test_a_retry_with_the_same_key_and_body_returns_the_same_case(
    api_client, department
):
    first = post(api_client, payload(department))
    second = post(api_client, payload(department))

    assert first.status_code == second.status_code == 201
    assert second.json()["number"] == first.json()["number"]
    assert second.json()["query_code"] == first.json()["query_code"]
    assert second.json()["due_at"] == first.json()["due_at"]
    assert Case.objects.count() == 1
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"


def test_the_replayed_query_code_opens_the_case(api_client, department):
    post(api_client, payload(department))
    replay = post(api_client, payload(department)).json()

    response = api_client.post(
        LOOKUP_URL,
        {"number": replay["number"], "query_code": replay["query_code"]},
        format="json",
    )

    assert response.status_code == 200


def test_a_retry_after_a_secret_key_rotation_returns_a_working_code(
    api_client, department, settings
):
    first = post(api_client, payload(department)).json()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-after-rotation"

    replay = post(api_client, payload(department))

    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["query_code"] == first["query_code"]
    response = api_client.post(
        LOOKUP_URL,
        {"number": first["number"], "query_code": replay.json()["query_code"]},
        format="json",
    )
    assert response.status_code == 200


def test_a_retried_upload_stores_its_photos_only_once(api_client, department):
    def body():
        return payload(department, attachments=[photo(jpeg_bytes(), name="a.jpg")])

    first = post(api_client, body(), fmt="multipart")
    files_after_first = media_files()
    second = post(api_client, body(), fmt="multipart")

    assert first.status_code == second.status_code == 201
    assert second.json()["number"] == first.json()["number"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert CaseAttachment.objects.count() == 1
    assert len(files_after_first) == 2
    assert media_files() == files_after_first


def test_the_same_key_with_a_different_body_is_refused_with_409(api_client, department):
    first = post(api_client, payload(department))

    response = post(api_client, payload(department, title="另一个完全不同的问题"))

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "该幂等键已用于另一份不同的提交，请为新提交生成新的键。"
    )
    assert "query_code" not in response.json()
    assert Case.objects.get().number == first.json()["number"]
    assert Case.objects.get().title == "社保卡补办咨询"


def test_the_same_key_with_a_different_photo_is_refused_with_409(
    api_client, department
):
    post(
        api_client,
        payload(department, attachments=[photo(jpeg_bytes(color="red"))]),
        fmt="multipart",
    )

    response = post(
        api_client,
        payload(department, attachments=[photo(jpeg_bytes(color="blue"))]),
        fmt="multipart",
    )

    assert response.status_code == 409
    assert is_chinese(response.json()["detail"])
    assert Case.objects.count() == 1
    assert len(media_files()) == 2


def test_a_different_key_registers_a_new_case(api_client, department):
    first = post(api_client, payload(department), key="h5-first-attempt-1")
    second = post(api_client, payload(department), key="h5-second-case-22")

    assert first.json()["number"] != second.json()["number"]
    assert Case.objects.count() == 2
    assert "Idempotent-Replayed" not in second.headers


def test_without_a_key_each_post_is_a_new_case(api_client, department):
    api_client.post(SUBMIT_URL, payload(department), format="json")
    api_client.post(SUBMIT_URL, payload(department), format="json")

    assert Case.objects.count() == 2
    assert not SubmissionKey.objects.exists()


@pytest.mark.parametrize(
    "key",
    [
        "short",  # Under 8 characters.
        "has spaces in it",
        "幂等键幂等键幂等键幂等键",
        "k" * 101,
        "semi;colon;key",
    ],
)
def test_an_invalid_key_is_refused_naming_the_header(api_client, department, key):
    response = post(api_client, payload(department), key=key)

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["Idempotency-Key"]
    assert is_chinese(errors["Idempotency-Key"][0])
    assert Case.objects.count() == 0
    assert sequence_rows() == []


def test_a_refused_submission_does_not_use_up_its_key(api_client, department):
    bad = post(api_client, payload(department, contact_phone="12345"))
    good = post(api_client, payload(department))

    assert bad.status_code == 400
    assert good.status_code == 201
    assert "Idempotent-Replayed" not in good.headers
