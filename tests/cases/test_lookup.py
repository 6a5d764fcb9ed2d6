"""POST /api/v1/cases/lookup/: the citizen follows a case with number and code."""

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils.dateparse import parse_datetime
from PIL import Image

from cases import services
from cases.models import CaseEvent
from kernel.workdays import SHANGHAI
from tests.cases.helpers import LOOKUP_URL, is_chinese, jpeg_bytes, photo, submit_case
from tests.factories import ServiceTypeFactory, ServiceWindowFactory

pytestmark = pytest.mark.django_db


def lookup(api_client, number, query_code, **extra):
    return api_client.post(
        LOOKUP_URL, {"number": number, "query_code": query_code}, format="json", **extra
    )


def wrong_code(code):
    """A valid-looking code that differs from `code` in its last character."""
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def test_the_right_code_shows_the_case_and_its_progress(api_client, department):
    window = ServiceWindowFactory(department=department)
    service_type = ServiceTypeFactory(window=window, name="社会保障卡补换")
    submitted = submit_case(
        department=department,
        service_type=service_type,
        photos=[photo(jpeg_bytes(size=(640, 480)))],
        now=datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI),
    )
    case = submitted.case
    services.case_transition(
        case=case,
        to_status="accepted",
        note="已转社保卡服务窗口办理",
        now=datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI),
    )
    services.case_transition(
        case=case,
        to_status="replied",
        reply="请携带身份证到一楼3号窗口办理，当场出卡。",
        now=datetime(2026, 11, 24, 15, 0, tzinfo=SHANGHAI),
    )

    response = lookup(api_client, case.number, submitted.query_code)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == case.number
    assert body["kind"] == "consultation"
    assert body["kind_label"] == "咨询求助"
    assert body["title"] == "社保卡补办咨询"
    assert body["content"] == "请问社保卡丢失后在哪里补办，需要带哪些材料？"
    assert body["department"]["name"] == "市人力资源和社会保障局"
    assert body["service_type"] == {"id": service_type.id, "name": "社会保障卡补换"}
    assert (body["status"], body["status_label"]) == ("replied", "已答复")
    assert parse_datetime(body["due_at"]) == datetime(
        2026, 11, 26, 23, 59, 59, 999999, tzinfo=SHANGHAI
    )
    assert body["reply"] == "请携带身份证到一楼3号窗口办理，当场出卡。"
    assert [(e["status"], e["status_label"]) for e in body["timeline"]] == [
        ("submitted", "待受理"),
        ("accepted", "已受理"),
        ("replied", "已答复"),
    ]
    assert body["timeline"][1]["note"] == "已转社保卡服务窗口办理"
    assert body["contact_phone"] == "138****5678"
    [attachment] = body["attachments"]
    assert "/media/cases/thumbs/" in attachment["thumbnail"]
    assert "/media/cases/photos/" in attachment["image"]
    assert (attachment["width"], attachment["height"]) == (640, 480)


def test_the_thumbnail_link_points_at_the_stored_thumbnail(api_client, department):
    submitted = submit_case(
        department=department, photos=[photo(jpeg_bytes(size=(1280, 960)))]
    )
    body = lookup(api_client, submitted.case.number, submitted.query_code).json()

    url = body["attachments"][0]["thumbnail"]
    relative = urlsplit(url).path.removeprefix(settings.MEDIA_URL)
    with Image.open(Path(settings.MEDIA_ROOT) / relative) as thumbnail:
        assert thumbnail.size == (320, 240)


def test_it_never_shows_the_name_or_the_full_phone(api_client, department):
    submitted = submit_case(department=department, contact_phone="13812345678")

    response = lookup(api_client, submitted.case.number, submitted.query_code)

    assert "13812345678" not in response.content.decode()
    assert "王小明" not in response.content.decode()
    assert "contact_name" not in response.json()


def test_a_landline_is_masked_too(api_client, department):
    submitted = submit_case(department=department, contact_phone="0531-86001234")

    response = lookup(api_client, submitted.case.number, submitted.query_code)

    assert response.json()["contact_phone"] == "0531****1234"


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: f" {code[:4]} {code[4:]} ",
        lambda code: " ".join(code.lower()),
    ],
    ids=["lower-case", "spaced", "lower-case-and-spaced"],
)
def test_the_code_is_case_insensitive_and_spaces_are_ignored(
    api_client, department, typed
):
    submitted = submit_case(department=department)

    response = lookup(api_client, submitted.case.number, typed(submitted.query_code))

    assert response.status_code == 200, response.content
    assert response.json()["number"] == submitted.case.number


def test_the_number_may_be_typed_in_lower_case(api_client, department):
    submitted = submit_case(department=department)

    response = lookup(
        api_client, f" {submitted.case.number.lower()} ", submitted.query_code
    )

    assert response.status_code == 200, response.content


def test_an_unknown_number_and_a_wrong_code_look_the_same(api_client, department):
    submitted = submit_case(department=department)
    number = submitted.case.number
    unknown_number = number[:-4] + "9999"

    wrong = lookup(api_client, number, wrong_code(submitted.query_code))
    unknown = lookup(api_client, unknown_number, submitted.query_code)

    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert wrong.json() == {"detail": "登记编号或查询码不正确。"}


def test_another_cases_code_does_not_open_a_case(api_client, department):
    first = submit_case(department=department)
    second = submit_case(department=department)

    response = lookup(api_client, first.case.number, second.query_code)

    assert response.status_code == 404


def test_the_lookup_url_refuses_get_so_codes_stay_out_of_urls(api_client, department):
    submitted = submit_case(department=department)

    response = api_client.get(
        LOOKUP_URL,
        {"number": submitted.case.number, "query_code": submitted.query_code},
    )

    assert response.status_code == 405
    assert submitted.case.title not in response.content.decode()
    assert is_chinese(response.json()["detail"])


def test_a_lookup_without_a_code_names_the_missing_field(api_client):
    response = api_client.post(
        LOOKUP_URL, {"number": "ZX-20261123-0001"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"query_code": ["该字段是必填项。"]}


def test_internal_events_are_not_shown(api_client, department):
    submitted = submit_case(department=department)
    case = services.case_transition(case=submitted.case, to_status="accepted")
    CaseEvent.objects.create(
        case=case,
        created_at=case.accepted_at,
        from_status="accepted",
        to_status="accepted",
        note="内部：投诉人曾多次来电，注意沟通方式",
        is_public=False,
    )

    response = lookup(api_client, case.number, submitted.query_code)

    assert response.status_code == 200
    assert [e["status"] for e in response.json()["timeline"]] == [
        "submitted",
        "accepted",
    ]
    assert "内部" not in response.content.decode()


def test_a_rejected_case_shows_the_reason(api_client, department):
    submitted = submit_case(department=department)
    services.case_transition(
        case=submitted.case, to_status="rejected", reason="不属于本部门职责范围"
    )

    body = lookup(api_client, submitted.case.number, submitted.query_code).json()

    assert (body["status"], body["status_label"]) == ("rejected", "不予受理")
    assert body["rejection_reason"] == "不属于本部门职责范围"
    assert body["timeline"][-1]["note"] == "不属于本部门职责范围"


def test_a_code_issued_before_a_secret_key_rotation_still_works(
    api_client, department, settings
):
    submitted = submit_case(department=department)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-after-rotation"

    response = lookup(api_client, submitted.case.number, submitted.query_code)

    assert response.status_code == 200


def test_a_code_is_void_once_its_key_is_dropped(api_client, department, settings):
    submitted = submit_case(department=department)
    settings.SECRET_KEY = "a-brand-new-secret-key-after-rotation"
    settings.SECRET_KEY_FALLBACKS = []

    response = lookup(api_client, submitted.case.number, submitted.query_code)

    assert response.status_code == 404


@pytest.mark.parametrize("consent", [True, False])
def test_it_says_whether_sms_notices_are_on(api_client, department, consent):
    submitted = submit_case(department=department, sms_consent=consent)

    body = lookup(api_client, submitted.case.number, submitted.query_code).json()

    assert body["sms_notices"] is consent


def test_no_question_shows_unless_the_case_waits(api_client, department):
    submitted = submit_case(department=department)
    case = submitted.case
    case.info_question = "一个已回答的问题"
    case.save(update_fields=["info_question"])

    body = lookup(api_client, case.number, submitted.query_code).json()

    assert body["info_question"] == ""
