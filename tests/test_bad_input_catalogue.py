"""What attackers and broken clients send, and what they get back: a clear 4xx in
Chinese naming the field (or a documented status), never a 500, and nothing saved."""

import json

import pytest

from cases.models import Case
from tests.factories import DepartmentFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db
SUBMIT = "/api/v1/cases/"


@pytest.fixture
def department():
    return DepartmentFactory(name="劳动和社会保障局")


def _body(department, /, **overrides):
    body = {
        "kind": "consultation",
        "title": "失业补贴怎么申领",
        "content": "请问失业补贴需要哪些材料，可以网上办理吗？",
        "department": department.id,
        "contact_name": "王先生",
        "contact_phone": "13800001111",
    }
    body.update(overrides)
    return body


def _post_raw(client, body: bytes, content_type: str):
    return client.generic("POST", SUBMIT, body, content_type=content_type)


def test_an_oversized_json_body_is_refused_without_saving(client, department):
    body = json.dumps(_body(department, content="长" * 1_500_000)).encode()

    response = _post_raw(client, body, "application/json")

    assert 400 <= response.status_code < 500
    assert not Case.objects.exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "image/png"])
def test_a_wrong_content_type_is_415(client, department, content_type):
    response = _post_raw(client, b"kind=consultation", content_type)

    assert response.status_code == 415
    assert "不支持" in response.json()["detail"]
    assert not Case.objects.exists()


def test_invalid_utf8_is_a_400(client):
    response = _post_raw(client, b'{"title": "\xff\xfe\xfa"}', "application/json")

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_malformed_json_is_a_400_in_chinese(client):
    response = _post_raw(client, b'{"title": ', "application/json")

    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


@pytest.mark.parametrize(
    "field", ["title", "content", "complainee", "contact_name", "address"]
)
def test_ten_thousand_characters_are_refused_naming_the_field(
    api_client, department, field
):
    response = api_client.post(
        SUBMIT, _body(department, **{field: "字" * 10_000}), format="json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE cases_case; --",
        "1 OR 1=1 UNION SELECT password FROM auth_user",
        "<img src=x onerror=alert(1)>",
        "正常内容😀👍🏻，生僻字𠮷𪚥𩸽，繁體字與日本語テスト",
    ],
)
def test_sql_script_emoji_and_rare_cjk_are_kept_exactly(api_client, department, text):
    response = api_client.post(
        SUBMIT, _body(department, content=text + "（补充说明）"), format="json"
    )

    assert response.status_code == 201
    case = Case.objects.get(number=response.json()["number"])
    assert case.content == text + "（补充说明）"


@pytest.mark.parametrize(
    "value", ["abc\x00def补充内容说明", "正常\x07内容补充说明文字"]
)
def test_null_bytes_and_control_characters_are_refused(api_client, department, value):
    response = api_client.post(SUBMIT, _body(department, content=value), format="json")

    assert response.status_code == 400
    assert "content" in response.json()
    assert not Case.objects.exists()


# None is 不确定是哪个部门: the 派单目录 routes the case (cases/routing.py).
@pytest.mark.parametrize("value", [-1, 0, 10**30, "1e9", 3.5, [], {}])
def test_negative_huge_and_wrong_typed_department_ids_are_400(
    api_client, department, value
):
    response = api_client.post(
        SUBMIT, _body(department, department=value), format="json"
    )

    assert response.status_code == 400
    assert "department" in response.json()


@pytest.mark.parametrize("value", [-90.5, 1e308, "NaN", "Infinity"])
def test_coordinates_out_of_range_are_refused(api_client, department, value):
    response = api_client.post(
        SUBMIT, _body(department, latitude=value, longitude=120), format="json"
    )

    assert response.status_code == 400
    assert "latitude" in response.json()


def test_an_unknown_department_id_is_400_naming_the_field(api_client, department):
    response = api_client.post(
        SUBMIT, _body(department, department=999_999), format="json"
    )

    assert response.status_code == 400
    assert response.json()["department"] == ["所选部门不存在或已停用。"]


def test_another_departments_service_type_is_refused(api_client, department):
    foreign = ServiceTypeFactory()

    response = api_client.post(
        SUBMIT, _body(department, service_type=foreign.id), format="json"
    )

    assert response.status_code == 400
    assert response.json()["service_type"] == ["所选服务类型不属于该部门。"]


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        (
            "photo.jpg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "image/jpeg",
        ),
        (
            "photo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
            "image/svg+xml",
        ),
        ("photo.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/png"),
        ("photo.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
    ],
)
def test_files_that_lie_about_their_type_are_refused(
    client, department, name, data, content_type
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post(SUBMIT, {**_body(department), "attachments": [upload]})

    assert response.status_code == 400
    assert "attachments" in response.json()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/departments/-1/",
        "/api/v1/departments/99999999999999999999/",
        "/api/v1/departments/abc/",
        "/api/v1/service-types/0/",
        "/api/v1/leaders/%00/",
    ],
)
def test_unknown_or_malformed_ids_in_urls_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["-1", "0", "abc"])
def test_a_page_number_that_is_not_a_positive_integer_is_a_400_naming_it(client, page):
    response = client.get("/api/v1/departments/", {"page": page})

    assert response.status_code == 400
    assert "page" in response.json()


@pytest.mark.parametrize("page", ["99999999999999999999", "999"])
def test_a_page_past_the_last_is_404_not_500(client, page):
    response = client.get("/api/v1/departments/", {"page": page})

    assert response.status_code == 404


def test_case_numbers_cannot_be_enumerated(api_client, department):
    real = api_client.post(SUBMIT, _body(department), format="json").json()["number"]

    wrong_code = api_client.post(
        "/api/v1/cases/lookup/",
        {"number": real, "query_code": "AAAAAAAA"},
        format="json",
    )
    no_such_number = api_client.post(
        "/api/v1/cases/lookup/",
        {"number": real[:-4] + "9999", "query_code": "AAAAAAAA"},
        format="json",
    )

    assert wrong_code.status_code == no_such_number.status_code == 404
    assert wrong_code.content == no_such_number.content
    assert set(wrong_code.headers) == set(no_such_number.headers)


HUGE = str(10**25)  # beyond the 64-bit integers both databases store


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/albums/?department={HUGE}",
        f"/api/v1/service-types/?department={HUGE}",
        f"/api/v1/leaders/?department={HUGE}",
        f"/api/v1/cases/public/?department={HUGE}",
        "/api/v1/albums/?department=9223372036854775808",
    ],
)
def test_ids_beyond_64_bits_in_a_query_are_400_naming_the_field(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "department" in response.json()


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/departments/{HUGE}/",
        f"/api/v1/leaders/{HUGE}/reviews/",
        f"/api/v1/albums/{HUGE}/",
        f"/api/v1/service-types/{HUGE}/",
    ],
)
def test_ids_beyond_64_bits_in_a_path_are_404(client, path):
    assert client.get(path).status_code == 404


def test_an_impression_of_a_department_beyond_64_bits_is_404(api_client):
    response = api_client.post(
        f"/api/v1/departments/{HUGE}/impressions/", {"score": 5}, format="json"
    )

    assert response.status_code == 404


def test_huge_tag_ids_in_an_impression_are_400(api_client, department):
    response = api_client.post(
        f"/api/v1/departments/{department.pk}/impressions/",
        {"score": 5, "tags": [int(HUGE)]},
        format="json",
    )

    assert response.status_code == 400
    assert "tags" in response.json()
