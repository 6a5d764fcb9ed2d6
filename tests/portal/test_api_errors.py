"""Every error a broken or hostile API client can provoke answers in Chinese.

DRF's zh_Hans catalogue translates most of its messages (415, 405, 406, 429, 401,
403); the parsers' and the CSRF check's are formatted in English without gettext,
so `kernel.api.exceptions` replaces them.
"""

import pytest
from rest_framework import exceptions
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from kernel.api.exceptions import portal_exception_handler

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/api/v1/cases/"


def _detail(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["detail"]


def test_malformed_json_says_where_in_chinese(api_client):
    response = api_client.post(
        SUBMIT_URL, b'{"title": "x",\n oops}', content_type="application/json"
    )

    assert _detail(response, 400) == "请求内容不是有效的 JSON（第 2 行第 2 列）。"


def test_json_that_is_not_utf8_is_refused_in_chinese(api_client):
    response = api_client.post(
        SUBMIT_URL, b'{"title": "\xff"}', content_type="application/json"
    )

    assert _detail(response, 400) == "请求内容的字符编码有误，请使用 UTF-8。"


def test_json_with_nan_is_refused_in_chinese(api_client):
    response = api_client.post(
        SUBMIT_URL, b'{"title": NaN}', content_type="application/json"
    )

    assert _detail(response, 400) == "请求内容不是有效的 JSON。"


def test_a_multipart_body_without_boundary_is_refused_in_chinese(api_client):
    response = api_client.post(
        SUBMIT_URL, b"title=x", content_type="multipart/form-data"
    )

    assert _detail(response, 400) == "表单数据格式有误，无法读取。"


def test_an_unknown_charset_is_refused_in_chinese(api_client):
    response = api_client.post(
        SUBMIT_URL, b"{}", content_type="application/json; charset=bz2_codec"
    )

    assert (
        _detail(response, 400)
        == "请求头 Content-Type 中的字符编码不受支持，请使用 UTF-8。"
    )


def test_an_unsupported_media_type_is_refused_in_chinese(api_client):
    response = api_client.post(SUBMIT_URL, b"<case/>", content_type="text/xml")

    assert _detail(response, 415) == "不支持请求中的媒体类型 “text/xml”。"


def test_a_method_not_allowed_is_refused_in_chinese(api_client):
    response = api_client.delete("/api/v1/cases/public/")

    assert _detail(response, 405) == "方法 “DELETE” 不被允许。"


def test_an_unacceptable_accept_header_is_refused_in_chinese(api_client):
    response = api_client.get("/api/v1/cases/public/", HTTP_ACCEPT="application/xml")

    assert _detail(response, 406) == "无法满足Accept HTTP头的请求。"


def test_throttling_is_explained_in_chinese(api_client, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {**SimpleRateThrottle.THROTTLE_RATES, "case_lookup": "1/hour"},
    )
    api_client.post("/api/v1/cases/lookup/", {}, format="json")

    response = api_client.post("/api/v1/cases/lookup/", {}, format="json")

    assert _detail(response, 429).startswith("请求已被限流。")


def test_the_staff_api_asks_anonymous_clients_to_log_in_in_chinese(api_client):
    response = api_client.get("/api/v1/staff/cases/")

    assert _detail(response, 403) == "身份认证信息未提供。"


def test_a_staff_session_without_csrf_token_is_refused_in_chinese(officer_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(officer_a)

    response = client.post("/api/v1/staff/cases/", {}, format="json")

    assert _detail(response, 403) == "页面已过期，请刷新页面后重试。"


@pytest.mark.parametrize(
    ("exc", "status", "message"),
    [
        # No authentication class of ours raises it today; a future token one would.
        (exceptions.AuthenticationFailed(), 401, "不正确的身份认证信息。"),
        (exceptions.PermissionDenied(), 403, "您没有执行该操作的权限。"),
        (exceptions.ParseError(), 400, "请求内容格式有误，无法读取。"),
    ],
)
def test_drf_default_messages_are_chinese(exc, status, message):
    response = portal_exception_handler(exc, {})

    assert response.status_code == status
    assert response.data == {"detail": message}
