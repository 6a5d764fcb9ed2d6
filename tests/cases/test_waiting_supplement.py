"""POST /api/v1/cases/<number>/supplement/: the citizen answers a 补充材料 request
with text and photos, by query code or signed in, and the case resumes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import Case, CaseAttachment, CaseEvent
from tests.cases.helpers import (
    LOOKUP_URL,
    is_chinese,
    media_files,
    photo,
    png_bytes,
    submit_case,
)
from tests.citizens import conftest as citizens

PHONE = citizens.PHONE
# The citizens tests' fixtures: login codes by SMS, and signing a client in.
sms, sign_in = citizens.sms, citizens.sign_in

pytestmark = pytest.mark.django_db
Status = Case.Status
QUESTION = "请补充现场照片和具体门牌号。"


def url(number):
    return f"/api/v1/cases/{number}/supplement/"


@pytest.fixture(autouse=True)
def _limits(rates):
    rates(
        case_supplement="1000/hour",
        case_lookup="1000/hour",
        case_code_failure="5/hour",
        case_code_failure_address="20/hour",
    )


@pytest.fixture
def waiting(department_a, officer_a):
    """A case of PHONE waiting for the citizen, and its query code."""
    submitted = submit_case(department=department_a, contact_phone=PHONE)
    case = services.case_transition(case=submitted.case, to_status=Status.ACCEPTED)
    services.info_request(case=case, actor=officer_a, question=QUESTION)
    return submitted


def supply(api_client, submitted, *, code=None, **fields):
    body = {
        "query_code": submitted.query_code if code is None else code,
        "content": "门牌号是北门 12 号，照片已附上。",
        **fields,
    }
    return api_client.post(url(submitted.case.number), body, format="multipart")


def test_the_look_up_shows_the_question_while_the_case_waits(api_client, waiting):
    response = api_client.post(
        LOOKUP_URL,
        {"number": waiting.case.number, "query_code": waiting.query_code},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_label"]) == ("waiting", "待补充材料")
    assert body["info_question"] == QUESTION
    assert body["timeline"][-1]["note"] == QUESTION
    assert body["sms_notices"] is False


def test_the_right_code_answers_and_the_case_resumes(api_client, waiting):
    response = supply(api_client, waiting, photos=[photo(), photo(png_bytes())])

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["info_question"] == ""
    assert body["timeline"][-1]["note"] == "门牌号是北门 12 号，照片已附上。"
    assert body["timeline"][-1]["label"] == "已补充材料"
    assert len(body["attachments"]) == 2
    assert "evaluation" in body  # the look-up's own shape, with its rating
    event = CaseEvent.objects.get(case=waiting.case, action="info_supply")
    assert event.actor is None
    assert CaseAttachment.objects.filter(event=event).count() == 2


def test_a_wrong_code_is_a_404_and_saves_nothing(api_client, waiting):
    response = supply(api_client, waiting, code="AAAAAAAA", photos=[photo()])

    assert response.status_code == 404
    assert response.json()["detail"] == "登记编号或查询码不正确。"
    case = Case.objects.get(pk=waiting.case.pk)
    assert case.status == Status.WAITING
    assert not CaseAttachment.objects.exists()
    assert media_files() == []


def test_wrong_codes_lock_out_the_address_as_the_look_up_does(api_client, waiting):
    for _ in range(5):
        assert supply(api_client, waiting, code="AAAAAAAA").status_code == 404

    refused = supply(api_client, waiting)

    assert refused.status_code == 429
    assert is_chinese(refused.json()["detail"])
    assert Case.objects.get(pk=waiting.case.pk).status == Status.WAITING


def test_a_case_that_does_not_wait_says_its_status(api_client, department_a):
    submitted = submit_case(department=department_a)

    response = supply(api_client, submitted)

    assert response.status_code == 400
    assert response.json()["status"] == ["该诉求当前状态为“待受理”，无需补充材料。"]


def test_a_file_that_is_no_photo_is_refused_naming_photos(api_client, waiting):
    fake = SimpleUploadedFile("scan.jpg", b"not an image", content_type="image/jpeg")

    response = supply(api_client, waiting, photos=[fake])

    assert response.status_code == 400
    assert list(response.json()) == ["photos"]
    assert is_chinese(response.json()["photos"][0])
    assert Case.objects.get(pk=waiting.case.pk).status == Status.WAITING
    assert media_files() == []


def test_an_oversized_request_is_a_413_naming_photos(api_client, waiting, settings):
    settings.CASE_PHOTO_MAX_BYTES = 1024
    settings.CASE_MAX_PHOTOS = 1

    response = supply(
        api_client, waiting, photos=[photo(b"x" * (2 * 1024 * 1024 + 10))]
    )

    assert response.status_code == 413
    assert "photos" in response.json()


def test_photos_count_with_the_cases_own(api_client, department_a, officer_a, settings):
    settings.CASE_MAX_PHOTOS = 2
    submitted = submit_case(department=department_a, photos=[photo()])
    case = services.case_transition(case=submitted.case, to_status=Status.ACCEPTED)
    services.info_request(case=case, actor=officer_a, question=QUESTION)

    response = supply(api_client, submitted, photos=[photo(), photo()])

    assert response.status_code == 400
    assert "还可上传 1 张" in response.json()["photos"][0]
    assert CaseAttachment.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("好", "2"),
        ("长" * 2001, "2000"),
        ("照片\x07已补充", "控制字符"),
        ("\u200b\u200b\u200b", ""),
    ],
)
def test_bad_text_is_refused_naming_content(api_client, waiting, content, message):
    response = supply(api_client, waiting, content=content)

    assert response.status_code == 400
    assert list(response.json()) == ["content"]
    assert message in response.json()["content"][0]
    assert is_chinese(response.json()["content"][0])
    assert Case.objects.get(pk=waiting.case.pk).status == Status.WAITING


def test_answers_are_throttled_per_address(api_client, waiting, rates):
    rates(case_supplement="1/hour")
    supply(api_client, waiting, code="AAAAAAAA")

    response = supply(api_client, waiting)

    assert response.status_code == 429
    assert is_chinese(response.json()["detail"])


def test_a_signed_in_citizen_answers_without_the_code(api_client, waiting, sign_in):
    sign_in(api_client)

    response = supply(api_client, waiting, code="")

    assert response.status_code == 201, response.content
    assert Case.objects.get(pk=waiting.case.pk).status == Status.ACCEPTED


def test_a_signed_in_citizen_cannot_answer_another_phones_case(
    api_client, waiting, sign_in
):
    sign_in(api_client, phone="13987654321")

    response = supply(api_client, waiting, code="")

    assert response.status_code == 404
    assert Case.objects.get(pk=waiting.case.pk).status == Status.WAITING


def test_without_code_or_sign_in_it_asks_for_the_code(api_client, waiting):
    response = supply(api_client, waiting, code="")

    assert response.status_code == 403
    assert "请填写查询码，或先用手机号登录。" in str(response.json())


def test_the_answer_is_in_the_api_schema(api_client):
    schema = api_client.get("/api/schema/?format=json").json()

    operation = schema["paths"]["/api/v1/cases/{number}/supplement/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert set(operation["responses"]) >= {"201", "400", "404", "413", "429"}
