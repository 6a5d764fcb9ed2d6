"""POST /api/v1/cases/ with bad input: a 400 that names the field in Chinese, and
nothing left behind (no case, no number used, no file in storage)."""

import os
import struct
import zlib

import pytest
from django.core.files.storage import FileSystemStorage
from PIL import Image

from cases.models import Case, CaseEvent
from cases.services import photos as photo_steps
from tests.cases.helpers import (
    LOOKUP_URL,
    SUBMIT_URL,
    complaint_payload,
    encode,
    is_chinese,
    jpeg_bytes,
    media_files,
    payload,
    photo,
    png_bytes,
    sequence_rows,
    submit_case,
)
from tests.factories import DepartmentFactory, ServiceTypeFactory, ServiceWindowFactory

pytestmark = pytest.mark.django_db

MISSING = object()


def body_with(department, /, **overrides):
    body = payload(department)
    for field, value in overrides.items():
        if value is MISSING:
            del body[field]
        else:
            body[field] = value
    return body


def assert_refused(response, field, message):
    """A 400 naming `field` with a Chinese message containing `message`."""
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert all(is_chinese(text) for text in errors[field]), errors
    assert any(message in text for text in errors[field]), errors


def assert_nothing_saved(api_client, department):
    assert Case.objects.count() == 0
    assert sequence_rows() == []
    assert media_files() == []
    # The next good submission is still the day's first: no number was used up.
    good = api_client.post(SUBMIT_URL, payload(department), format="json")
    assert good.status_code == 201, good.content
    assert good.json()["number"].endswith("-0001")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"title": MISSING}, "title", "该字段是必填项", id="no-title"),
        pytest.param({"title": "   "}, "title", "该字段不能为空", id="blank-title"),
        pytest.param({"title": "求助"}, "title", "至少包含 4 个字符", id="short-title"),
        pytest.param(
            {"title": "长" * 101}, "title", "不能超过 100 个字符", id="title-101"
        ),
        pytest.param({"content": MISSING}, "content", "必填", id="no-content"),
        pytest.param({"content": ""}, "content", "不能为空", id="blank-content"),
        pytest.param(
            {"content": "字" * 5001},
            "content",
            "不能超过 5000 个字符",
            id="content-5001",
        ),
        pytest.param({"kind": "praise"}, "kind", "不是合法选项", id="unknown-kind"),
        # No department is 不确定是哪个部门 (routed, tests/cases/test_dispatch_routing.py).
        pytest.param(
            {"department": "abc"}, "department", "请选择部门", id="bad-department"
        ),
        pytest.param(
            {"latitude": "91", "longitude": "117"},
            "latitude",
            "小于或者等于 90",
            id="latitude-91",
        ),
        pytest.param(
            {"latitude": "36.65", "longitude": "-180.5"},
            "longitude",
            "大于或者等于 -180",
            id="longitude-minus-180.5",
        ),
        pytest.param(
            {"latitude": "90.0000006", "longitude": "117"},
            "latitude",
            "小于或者等于 90",
            id="latitude-just-over-90",
        ),
        pytest.param(
            {"latitude": "1e999", "longitude": "117"},
            "latitude",
            "不超过 9 个数字",
            id="latitude-1e999",
        ),
        pytest.param(
            {"latitude": "NaN", "longitude": "117"},
            "latitude",
            "合法的数字",
            id="latitude-nan",
        ),
        pytest.param(
            {"latitude": "36.65"}, "latitude", "经纬度需要同时填写", id="lat-alone"
        ),
        pytest.param(
            {"content": "社保卡丢了怎么办\x00请回复"},
            "content",
            "控制字符",
            id="null-byte-in-content",
        ),
        pytest.param(
            {"content": "社保卡丢了怎么办\x07请回复"},
            "content",
            "控制字符",
            id="bell-in-content",
        ),
        pytest.param(
            {"title": "社保卡\x1b[31m补办"}, "title", "控制字符", id="escape-in-title"
        ),
        pytest.param(
            {"contact_name": "王\x08小明"},
            "contact_name",
            "控制字符",
            id="backspace-in-name",
        ),
    ],
)
def test_it_refuses_bad_fields_and_saves_nothing(
    api_client, department, overrides, field, message
):
    response = api_client.post(
        SUBMIT_URL, body_with(department, **overrides), format="json"
    )

    assert_refused(response, field, message)
    assert_nothing_saved(api_client, department)


def test_it_accepts_a_title_of_exactly_100_characters(api_client, department):
    response = api_client.post(
        SUBMIT_URL, payload(department, title="长" * 100), format="json"
    )

    assert response.status_code == 201, response.content
    assert Case.objects.get().title == "长" * 100


def test_it_accepts_content_of_exactly_5000_characters(api_client, department):
    response = api_client.post(
        SUBMIT_URL, payload(department, content="字" * 5000), format="json"
    )

    assert response.status_code == 201, response.content
    assert len(Case.objects.get().content) == 5000


def test_it_refuses_an_unknown_department(api_client, department):
    response = api_client.post(
        SUBMIT_URL, payload(department, department=department.id + 1000), format="json"
    )

    assert_refused(response, "department", "所选部门不存在或已停用。")
    assert_nothing_saved(api_client, department)


def test_it_refuses_an_inactive_department(api_client, department):
    closed = DepartmentFactory(is_active=False)

    response = api_client.post(
        SUBMIT_URL, payload(department, department=closed.id), format="json"
    )

    assert_refused(response, "department", "所选部门不存在或已停用。")
    assert_nothing_saved(api_client, department)


def test_it_refuses_an_inactive_service_type(api_client, department):
    window = ServiceWindowFactory(department=department)
    retired = ServiceTypeFactory(window=window, is_active=False)

    response = api_client.post(
        SUBMIT_URL, payload(department, service_type=retired.id), format="json"
    )

    assert_refused(response, "service_type", "所选服务类型不存在或已停用。")
    assert_nothing_saved(api_client, department)


def test_it_refuses_a_service_type_of_a_closed_window(api_client, department):
    window = ServiceWindowFactory(department=department, is_active=False)
    hidden = ServiceTypeFactory(window=window)

    response = api_client.post(
        SUBMIT_URL, payload(department, service_type=hidden.id), format="json"
    )

    assert_refused(response, "service_type", "所选服务类型不存在或已停用。")
    assert_nothing_saved(api_client, department)


def test_it_refuses_a_service_type_of_another_department(api_client, department):
    elsewhere = ServiceTypeFactory()  # Its window belongs to a new department.

    response = api_client.post(
        SUBMIT_URL, payload(department, service_type=elsewhere.id), format="json"
    )

    assert_refused(response, "service_type", "所选服务类型不属于该部门。")
    assert_nothing_saved(api_client, department)


def test_it_names_every_wrong_field_at_once(api_client, department):
    closed = DepartmentFactory(is_active=False)
    body = complaint_payload(department, department=closed.id, complainee="")
    del body["contact_phone"]

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 400
    assert {"department", "complainee", "contact_phone"} <= set(response.json())
    assert_nothing_saved(api_client, department)


@pytest.mark.parametrize(
    "phone",
    ["12345", "2381234567", "abc", "1381234567", "12812345678", "138123456789"],
)
def test_it_refuses_a_malformed_phone_number(api_client, department, phone):
    response = api_client.post(
        SUBMIT_URL, payload(department, contact_phone=phone), format="json"
    )

    assert_refused(response, "contact_phone", "手机号或固话格式不正确")
    assert_nothing_saved(api_client, department)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0531-86001234", "0531-86001234"),
        ("010-12345678-801", "010-12345678-801"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        (" 139 0000 1111 ", "13900001111"),
    ],
)
def test_it_accepts_and_normalises_phone_numbers(api_client, department, typed, stored):
    response = api_client.post(
        SUBMIT_URL, payload(department, contact_phone=typed), format="json"
    )

    assert response.status_code == 201, response.content
    assert Case.objects.get().contact_phone == stored


@pytest.mark.parametrize("complainee", [MISSING, "", "   "])
def test_it_rejects_a_complaint_without_complainee(api_client, department, complainee):
    body = complaint_payload(department)
    if complainee is MISSING:
        del body["complainee"]
    else:
        body["complainee"] = complainee

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert_refused(response, "complainee", "投诉举报请填写被投诉/举报对象。")
    assert_nothing_saved(api_client, department)


def test_html_and_script_are_stored_exactly_as_typed_and_returned_unchanged(
    api_client, department
):
    title = "<script>alert('x')</script>"
    content = '<b>粗体</b> & <img src=x onerror="alert(1)"> 😀 𠮷 "引号"'
    created = api_client.post(
        SUBMIT_URL, payload(department, title=title, content=content), format="json"
    ).json()

    looked_up = api_client.post(
        LOOKUP_URL,
        {"number": created["number"], "query_code": created["query_code"]},
        format="json",
    )

    assert looked_up.status_code == 200
    assert looked_up.json()["title"] == title
    assert looked_up.json()["content"] == content
    case = Case.objects.get()
    assert (case.title, case.content) == (title, content)


# Photos -----------------------------------------------------------------------


def multipart(department, /, *photos, **overrides):
    return payload(department, attachments=list(photos), **overrides)


def noisy_jpeg(size=(300, 200)):
    # Random pixels compress badly, so cutting the file really loses image data.
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    return encode(image, "JPEG", quality=95)


def png_claiming(width, height):
    """A tiny valid PNG whose header claims `width` x `height` pixels."""
    data = bytearray(png_bytes(size=(1, 1), mode="1", color=0))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(1)</script></svg>'
)


def test_it_refuses_ten_photos(api_client, department):
    photos = [photo(name=f"p{n}.jpg") for n in range(10)]

    response = api_client.post(
        SUBMIT_URL, multipart(department, *photos), format="multipart"
    )

    assert_refused(response, "attachments", "不能超过 9 个")
    assert_nothing_saved(api_client, department)


def test_it_accepts_nine_photos(api_client, department):
    photos = [photo(name=f"p{n}.jpg") for n in range(9)]

    response = api_client.post(
        SUBMIT_URL, multipart(department, *photos), format="multipart"
    )

    assert response.status_code == 201, response.content
    assert Case.objects.get().attachments.count() == 9


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "x.jpg", "这不是图片，只是一段文字。".encode(), "不是有效的图片", id="text"
        ),
        pytest.param("empty.jpg", b"", "提交的是空文件", id="empty"),
        pytest.param(
            "cut.jpg", noisy_jpeg()[:3000], "图片文件已损坏或不完整", id="truncated"
        ),
        pytest.param(
            "anim.gif",
            encode(Image.new("P", (20, 20)), "GIF"),
            "不支持该图片格式",
            id="gif",
        ),
        pytest.param("logo.svg", SVG, "不支持该图片格式", id="svg"),
        pytest.param(
            "bomb.png", png_claiming(100_000, 100_000), "疑似恶意文件", id="bomb"
        ),
    ],
)
def test_it_refuses_a_bad_photo(api_client, department, name, data, message):
    response = api_client.post(
        SUBMIT_URL,
        multipart(department, photo(data, name=name, content_type="image/jpeg")),
        format="multipart",
    )

    assert_refused(response, "attachments", message)
    assert_nothing_saved(api_client, department)


def test_the_photo_error_names_the_file(api_client, department):
    response = api_client.post(
        SUBMIT_URL,
        multipart(department, photo(b"not an image", name="门口.jpg")),
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["attachments"][0].startswith("门口.jpg：")


def test_it_refuses_a_photo_over_forty_million_pixels(api_client, department):
    # 6400 x 6400 = 40.96 million pixels; one bit each, so a small file.
    big = encode(Image.new("1", (6400, 6400)), "PNG")
    assert len(big) < 1024 * 1024

    response = api_client.post(
        SUBMIT_URL,
        multipart(department, photo(big, name="big.png", content_type="image/png")),
        format="multipart",
    )

    assert_refused(response, "attachments", "图片像素过多")
    assert_nothing_saved(api_client, department)


def test_it_refuses_a_photo_over_the_configured_pixel_limit(
    api_client, department, settings
):
    settings.CASE_PHOTO_MAX_PIXELS = 100 * 100
    response = api_client.post(
        SUBMIT_URL,
        multipart(department, photo(jpeg_bytes(size=(101, 100)))),
        format="multipart",
    )

    assert_refused(response, "attachments", "图片像素过多")
    assert_nothing_saved(api_client, department)


def test_it_refuses_a_photo_over_the_size_limit(api_client, department, settings):
    data = noisy_jpeg()
    settings.CASE_PHOTO_MAX_BYTES = len(data) - 1

    response = api_client.post(
        SUBMIT_URL, multipart(department, photo(data)), format="multipart"
    )

    assert_refused(response, "attachments", "图片不能超过")
    assert_nothing_saved(api_client, department)


def test_a_photo_exactly_at_the_size_limit_is_accepted(
    api_client, department, settings
):
    data = noisy_jpeg()
    settings.CASE_PHOTO_MAX_BYTES = len(data)

    response = api_client.post(
        SUBMIT_URL, multipart(department, photo(data)), format="multipart"
    )

    assert response.status_code == 201, response.content


def test_a_request_body_over_the_total_limit_is_refused_with_413(
    api_client, department, settings
):
    settings.CASE_PHOTO_MAX_BYTES = 1024  # Limit: 9 KB of photos plus 1 MB.
    padding = b"\0" * (1024 * 1024 + 10 * 1024)

    response = api_client.post(
        SUBMIT_URL,
        multipart(department, photo(padding, name="pad.jpg")),
        format="multipart",
    )

    assert response.status_code == 413
    assert is_chinese(response.json()["detail"])
    assert Case.objects.count() == 0
    assert media_files() == []


def test_when_the_second_of_three_photos_is_bad_no_file_of_the_first_remains(
    api_client, department
):
    photos = [
        photo(jpeg_bytes(), name="一.jpg"),
        photo(b"GIF89a" + b"\0" * 64, name="二.jpg"),
        photo(jpeg_bytes(), name="三.jpg"),
    ]

    response = api_client.post(
        SUBMIT_URL, multipart(department, *photos), format="multipart"
    )

    assert_refused(response, "attachments", "二.jpg：不支持该图片格式")
    assert_nothing_saved(api_client, department)


class FailingStorage(FileSystemStorage):
    """Writes files like the real storage, then fails on the `fail_on`-th save."""

    def __init__(self, fail_on):
        super().__init__()
        self.fail_on = fail_on
        self.saves = 0

    def save(self, name, content, max_length=None):
        self.saves += 1
        if self.saves == self.fail_on:
            raise OSError("disk full")
        return super().save(name, content, max_length=max_length)


def test_when_storing_the_second_photo_fails_the_first_photo_is_removed(
    monkeypatch, department
):
    # Saves: photo 1, thumbnail 1, photo 2 (fails).
    failing = FailingStorage(fail_on=3)
    monkeypatch.setattr(photo_steps, "private_storage", lambda: failing)

    with pytest.raises(OSError, match="disk full"):
        submit_case(department=department, photos=[photo(), photo(), photo()])

    assert media_files() == []
    assert Case.objects.count() == 0
    assert sequence_rows() == []


def test_when_saving_the_case_fails_its_photos_and_number_are_given_back(
    monkeypatch, department
):
    def broken_create(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(CaseEvent.objects, "create", broken_create)

    with pytest.raises(RuntimeError):
        submit_case(department=department, photos=[photo(), photo()])

    assert media_files() == []
    assert Case.objects.count() == 0
    assert sequence_rows() == []
    monkeypatch.undo()
    assert submit_case(department=department).case.number.endswith("-0001")


def test_photo_errors_are_a_plain_list_naming_each_photo(api_client, department):
    response = api_client.post(
        SUBMIT_URL, payload(department, attachments=["not-a-file"]), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "attachments": ["第 1 张图片：提交的数据不是一个文件。请检查表单的编码类型。"]
    }
    assert_nothing_saved(api_client, department)
