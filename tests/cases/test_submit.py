"""POST /api/v1/cases/: a citizen registers a consultation, complaint or suggestion."""

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.dateparse import parse_datetime
from PIL import ExifTags, Image

from cases import codes
from cases.models import Case, CaseAttachment, CaseEvent
from kernel.workdays import SHANGHAI
from tests.cases.helpers import (
    SUBMIT_URL,
    complaint_payload,
    gps_jpeg_bytes,
    media_files,
    payload,
    photo,
    png_bytes,
)
from tests.factories import ServiceTypeFactory, ServiceWindowFactory

pytestmark = pytest.mark.django_db


def end_of_day(year, month, day):
    return datetime(year, month, day, 23, 59, 59, 999999, tzinfo=SHANGHAI)


def test_it_registers_a_json_consultation_and_answers_with_number_and_code(
    api_client, department, freeze_now
):
    # 01:00 on 23 November in Beijing, still the 22nd in UTC.
    moment = freeze_now(datetime(2026, 11, 22, 17, 0, tzinfo=UTC))

    response = api_client.post(SUBMIT_URL, payload(department), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "ZX-20261123-0001"
    assert len(body["query_code"]) == codes.CODE_LENGTH
    assert set(body["query_code"]) <= set(codes.CODE_ALPHABET)
    assert body["kind"] == "consultation"
    assert body["status"] == "submitted"
    assert parse_datetime(body["submitted_at"]) == moment
    # Three working days after Monday the 23rd.
    assert parse_datetime(body["due_at"]) == end_of_day(2026, 11, 26)
    assert "查询码只显示这一次" in body["notice"]
    case = Case.objects.get()
    assert case.number == body["number"]
    assert case.channel == Case.Channel.API


def test_each_kind_has_its_own_prefix_and_daily_counter(
    api_client, department, freeze_now
):
    freeze_now(datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI))
    bodies = [
        payload(department),
        complaint_payload(department),
        payload(department, kind="suggestion", title="建议增设夜间办事窗口"),
        payload(department),
    ]

    numbers = [
        api_client.post(SUBMIT_URL, body, format="json").json()["number"]
        for body in bodies
    ]

    assert numbers == [
        "ZX-20261123-0001",
        "TS-20261123-0001",
        "JY-20261123-0001",
        "ZX-20261123-0002",
    ]


def test_the_counter_starts_again_on_the_next_beijing_day(
    api_client, department, freeze_now
):
    freeze_now(datetime(2026, 11, 23, 15, 59, tzinfo=UTC))  # 23:59 in Beijing.
    first = api_client.post(SUBMIT_URL, payload(department), format="json").json()
    freeze_now(datetime(2026, 11, 23, 16, 1, tzinfo=UTC))  # 00:01 on the 24th.
    second = api_client.post(SUBMIT_URL, payload(department), format="json").json()

    assert first["number"] == "ZX-20261123-0001"
    assert second["number"] == "ZX-20261124-0001"


@pytest.mark.parametrize(
    ("kind", "due_day"),
    [
        ("consultation", (2026, 11, 26)),  # 3 working days.
        ("complaint", (2026, 11, 30)),  # 5, over a weekend.
        ("suggestion", (2026, 12, 14)),  # 15.
    ],
)
def test_the_due_date_counts_working_days_by_kind(
    api_client, department, freeze_now, kind, due_day
):
    freeze_now(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))
    body = complaint_payload(department) if kind == "complaint" else payload(department)
    body["kind"] = kind

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert parse_datetime(response.json()["due_at"]) == end_of_day(*due_day)


@pytest.mark.parametrize(
    ("kind", "due_day"),
    [
        # 8, 9 and Saturday 10 October, a make-up working day.
        ("consultation", (2026, 10, 10)),
        # 8, 9, 10, 12, 13 October.
        ("complaint", (2026, 10, 13)),
    ],
)
def test_the_due_date_skips_the_national_day_holiday(
    api_client, department, freeze_now, kind, due_day
):
    freeze_now(datetime(2026, 9, 30, 16, 0, tzinfo=SHANGHAI))
    body = complaint_payload(department) if kind == "complaint" else payload(department)

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert parse_datetime(response.json()["due_at"]) == end_of_day(*due_day)


def test_a_service_types_own_reply_days_override_the_kinds(
    api_client, department, freeze_now
):
    window = ServiceWindowFactory(department=department)
    quick = ServiceTypeFactory(window=window, case_reply_days=1)
    freeze_now(datetime(2026, 9, 30, 16, 0, tzinfo=SHANGHAI))

    response = api_client.post(
        SUBMIT_URL, payload(department, service_type=quick.id), format="json"
    )

    assert response.status_code == 201, response.json()
    assert parse_datetime(response.json()["due_at"]) == end_of_day(2026, 10, 8)
    assert Case.objects.get().service_type == quick


def test_a_service_type_with_zero_reply_days_is_due_the_same_working_day(
    api_client, department, freeze_now
):
    window = ServiceWindowFactory(department=department)
    same_day = ServiceTypeFactory(window=window, case_reply_days=0)
    freeze_now(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))

    response = api_client.post(
        SUBMIT_URL,
        complaint_payload(department, service_type=same_day.id),
        format="json",
    )

    assert parse_datetime(response.json()["due_at"]) == end_of_day(2026, 11, 23)


def test_a_service_type_without_its_own_limit_uses_the_kinds(
    api_client, department, freeze_now
):
    window = ServiceWindowFactory(department=department)
    plain = ServiceTypeFactory(window=window, case_reply_days=None)
    freeze_now(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))

    response = api_client.post(
        SUBMIT_URL, payload(department, service_type=plain.id), format="json"
    )

    assert parse_datetime(response.json()["due_at"]) == end_of_day(2026, 11, 26)


def test_the_reply_days_come_from_settings(
    api_client, department, freeze_now, settings
):
    settings.CASE_REPLY_DAYS = {**settings.CASE_REPLY_DAYS, "consultation": 1}
    freeze_now(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))

    response = api_client.post(SUBMIT_URL, payload(department), format="json")

    assert parse_datetime(response.json()["due_at"]) == end_of_day(2026, 11, 24)


def test_the_query_code_is_stored_only_as_a_hash(api_client, department):
    body = api_client.post(SUBMIT_URL, payload(department), format="json").json()

    case = Case.objects.get()
    code = body["query_code"]
    values = [str(getattr(case, field.attname)) for field in Case._meta.concrete_fields]
    assert not any(code in value for value in values)
    assert not any(code.lower() in value.lower() for value in values)
    assert codes.query_code_matches(
        number=case.number, code=code, code_hash=case.query_code_hash
    )


def test_two_cases_get_different_query_codes(api_client, department):
    first = api_client.post(SUBMIT_URL, payload(department), format="json").json()
    second = api_client.post(SUBMIT_URL, payload(department), format="json").json()

    assert first["query_code"] != second["query_code"]


def test_the_timeline_starts_with_the_submitted_event(
    api_client, department, freeze_now
):
    moment = freeze_now(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))

    api_client.post(SUBMIT_URL, payload(department), format="json")

    event = CaseEvent.objects.get()
    assert event.case == Case.objects.get()
    assert (event.from_status, event.to_status) == ("", "submitted")
    assert event.actor is None
    assert event.created_at == moment
    assert event.is_public


def test_it_stores_what_the_citizen_typed(api_client, department):
    body = complaint_payload(
        department,
        title="  小区夜间施工噪音扰民  ",
        contact_name="李四",
        contact_phone="139 0000 1111",
        publish_consent=True,
        address="历下区某某路 1 号",
        latitude="36.651200",
        longitude="117.120000",
        channel="h5",
    )

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert case.kind == "complaint"
    assert case.title == "小区夜间施工噪音扰民"
    assert case.complainee == "某某建筑工程有限公司"
    assert case.department == department
    assert (case.contact_name, case.contact_phone) == ("李四", "13900001111")
    assert case.publish_consent is True
    assert case.address == "历下区某某路 1 号"
    assert (str(case.latitude), str(case.longitude)) == ("36.651200", "117.120000")
    assert case.channel == Case.Channel.H5


def test_phone_gps_coordinates_are_rounded_to_six_decimals(api_client, department):
    # What a browser's geolocation gives, as a JSON number with full precision.
    body = payload(department, latitude=36.651234567891, longitude=117.12345649)

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert (str(case.latitude), str(case.longitude)) == ("36.651235", "117.123456")


def test_it_accepts_photos_as_multipart_attachments(api_client, department):
    body = payload(department)
    body["attachments"] = [
        photo(gps_jpeg_bytes(), name="现场1.jpg"),
        photo(png_bytes(), name="现场2.png", content_type="image/png"),
    ]

    response = api_client.post(SUBMIT_URL, body, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["number"].startswith("ZX-")
    attachments = list(Case.objects.get().attachments.all())
    assert [(a.width, a.height) for a in attachments] == [(800, 600), (64, 48)]
    # Two photos, each stored with its thumbnail, and nothing else.
    assert len(media_files()) == 4
    for attachment in attachments:
        assert Path(attachment.image.path).is_file()
        assert Path(attachment.thumbnail.path).is_file()
        assert "现场" not in attachment.image.name


def test_stored_photos_are_re_encoded_without_gps_and_have_a_thumbnail(
    api_client, department
):
    original = gps_jpeg_bytes(size=(800, 600))
    body = payload(department, attachments=[photo(original)])

    response = api_client.post(SUBMIT_URL, body, format="multipart")

    assert response.status_code == 201, response.json()
    attachment = CaseAttachment.objects.get()
    stored = Path(attachment.image.path).read_bytes()
    assert stored != original
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert ExifTags.Base.GPSInfo not in exif
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif
    assert b"PhoneMaker" not in stored
    with Image.open(attachment.thumbnail.path) as thumbnail:
        assert thumbnail.size == (320, 240)


def test_an_anonymous_complaint_needs_no_name_or_phone_and_is_told_the_limits(
    api_client, department
):
    body = complaint_payload(department, is_anonymous=True)
    del body["contact_name"], body["contact_phone"]

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert "匿名举报无法电话回访" in response.json()["notice"]
    case = Case.objects.get()
    assert case.is_anonymous
    assert (case.contact_name, case.contact_phone) == ("", "")


def test_a_named_case_is_not_told_about_anonymous_limits(api_client, department):
    response = api_client.post(SUBMIT_URL, complaint_payload(department), format="json")

    assert response.status_code == 201
    assert "匿名" not in response.json()["notice"]


def test_it_refuses_an_anonymous_consultation(api_client, department):
    body = payload(department, is_anonymous=True)
    del body["contact_name"], body["contact_phone"]

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["is_anonymous"] == ["只有投诉举报可以匿名提交。"]
    assert not Case.objects.exists()


def test_it_refuses_an_anonymous_complaint_that_gives_a_phone(api_client, department):
    body = complaint_payload(department, is_anonymous=True, contact_name="")

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["is_anonymous"] == ["匿名举报请不要填写姓名和电话。"]
    assert not Case.objects.exists()


def test_it_refuses_a_named_case_without_name_and_phone(api_client, department):
    body = complaint_payload(department)
    del body["contact_name"], body["contact_phone"]

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert errors["contact_name"] == ["请填写联系人姓名。"]
    assert errors["contact_phone"] == ["请填写联系电话。"]
    assert not Case.objects.exists()


def test_it_refuses_a_name_of_only_spaces(api_client, department):
    response = api_client.post(
        SUBMIT_URL, payload(department, contact_name="   "), format="json"
    )

    assert response.status_code == 400
    assert response.json()["contact_name"] == ["请填写联系人姓名。"]


def test_media_root_is_the_tests_own(tmp_path):
    # Guards the checks on stored files: they must look in this test's folder.
    assert Path(settings.MEDIA_ROOT).is_relative_to(tmp_path)
