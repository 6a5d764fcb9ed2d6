"""Local fakes of the SMS and WeChat providers, on pytest-httpserver.

Each fixture points the backend's settings at a local HTTP server that answers in
the provider's shape, so the backends run through the real SDK code (request
signing, serialisation, HTTP, error parsing) with no network. The fakes do not
check signatures; the SDKs compute them as they would for the real service.

    def test_it_sends(aliyun_fake):
        aliyun_fake.answer({"Code": "OK", "BizId": "1^0", ...})
        AliyunSmsBackend().send(outgoing)
        assert aliyun_fake.received()[0]["PhoneNumbers"] == "13800138000"

`stall()` makes the fake hold its answer until the test ends, for timeouts.
"""

import json
import logging
import threading
from urllib.parse import parse_qsl

import pytest
from werkzeug import Request, Response

PHONE = "13912345678"
OPENID = "oFake_openid_0123456789abcdef"
# A short wait for the timeout tests; the fakes answer a normal call in
# milliseconds, and the other tests use a generous timeout.
SHORT_TIMEOUT = 0.5


class FakeProvider:
    def __init__(self, httpserver, path: str, method: str = "POST"):
        self.httpserver = httpserver
        self.path = path
        self.method = method
        self.released = threading.Event()

    def answer(
        self, body: dict, status: int = 200, *, path: str = "", method: str = ""
    ) -> None:
        """Answer every request (to `path`, by default the API's) with `body`."""
        self.httpserver.expect_request(
            path or self.path, method=method or self.method
        ).respond_with_json(body, status=status)

    def stall(self, path: str = "") -> None:
        """Hold every answer (to `path`, by default the API's) until the test ends,
        longer than SHORT_TIMEOUT."""

        def handler(request: Request) -> Response:
            self.released.wait(timeout=10)
            return Response("{}", content_type="application/json")

        self.httpserver.expect_request(path or self.path).respond_with_handler(handler)

    def requests(self, path: str = "") -> list[Request]:
        return [
            request
            for request, _ in self.httpserver.log
            if request.path == (path or self.path)
        ]


class AliyunFake(FakeProvider):
    def received(self) -> list[dict]:
        """Each request's parameters (the SDK sends them in the query string),
        with the action and the signature from the headers."""
        return [
            {
                "Action": request.headers.get("x-acs-action"),
                "Authorization": request.headers.get("Authorization", ""),
                **dict(parse_qsl(request.query_string.decode())),
            }
            for request in self.requests()
        ]


class TencentFake(FakeProvider):
    def answer(self, response: dict, status: int = 200) -> None:
        """Answer {"Response": response}, as Tencent's API 3.0 does."""
        super().answer({"Response": {"RequestId": "req-1", **response}}, status)

    def received(self) -> list[dict]:
        """Each request's JSON body, with the action from the X-TC-Action header."""
        return [
            {"Action": request.headers.get("X-TC-Action"), **json.loads(request.data)}
            for request in self.requests()
        ]


class WeChatFake(FakeProvider):
    token_path = "/cgi-bin/token"

    def issue_tokens(self, *tokens: str) -> None:
        """The token endpoint hands out `tokens`, one per fetch, in order."""
        remaining = list(tokens)

        def handler(request: Request) -> Response:
            body = {"access_token": remaining.pop(0), "expires_in": 7200}
            return Response(json.dumps(body), content_type="application/json")

        self.httpserver.expect_request(
            self.token_path, method="GET"
        ).respond_with_handler(handler)

    def answers(self, *bodies: dict) -> None:
        """The send endpoint answers `bodies`, one per request, in order."""
        for body in bodies:
            self.httpserver.expect_oneshot_request(
                self.path, method="POST"
            ).respond_with_json(body)

    def received(self) -> list[dict]:
        """Each send's JSON body, with the access token it carried."""
        return [
            {
                "access_token": request.args.get("access_token"),
                **json.loads(request.data),
            }
            for request in self.requests()
        ]

    def token_fetches(self) -> int:
        return len(self.requests(self.token_path))

    # Web authorisation (snsapi_base): the page's ?code= for the citizen's openid.
    oauth_path = "/sns/oauth2/access_token"

    def oauth_answers(self, *bodies: dict, status: int = 200) -> None:
        """The OAuth code exchange answers `bodies`, one per request, in order."""
        for body in bodies:
            self.httpserver.expect_oneshot_request(
                self.oauth_path, method="GET"
            ).respond_with_json(body, status=status)

    def oauth_grants(self, openid: str = OPENID) -> None:
        """Every code exchange succeeds with `openid`, as WeChat answers it."""
        self.httpserver.expect_request(self.oauth_path, method="GET").respond_with_json(
            {
                "access_token": "web-token",
                "expires_in": 7200,
                "refresh_token": "web-refresh",
                "openid": openid,
                "scope": "snsapi_base",
            }
        )

    def oauth_received(self) -> list[dict]:
        """Each code exchange's query parameters."""
        return [dict(request.args) for request in self.requests(self.oauth_path)]


def _serve(fake):
    # werkzeug logs each request line (the fake's, with the number in Aliyun's
    # query string); the tests look for leaks in our logs, not in the fake's.
    werkzeug = logging.getLogger("werkzeug")
    level = werkzeug.level
    werkzeug.setLevel(logging.WARNING)
    yield fake
    fake.released.set()
    werkzeug.setLevel(level)


@pytest.fixture
def aliyun_fake(httpserver, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_ID = "LTAI-test-key"
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "test-secret"
    settings.ALIYUN_SMS_ENDPOINT = httpserver.url_for("/")
    settings.NOTIFY_PROVIDER_TIMEOUT = 5.0
    yield from _serve(AliyunFake(httpserver, "/"))


@pytest.fixture
def tencent_fake(httpserver, settings):
    settings.TENCENT_SMS_SECRET_ID = "AKID-test"
    settings.TENCENT_SMS_SECRET_KEY = "test-secret"
    settings.TENCENT_SMS_SDK_APP_ID = "1400000001"
    settings.TENCENT_SMS_REGION = "ap-guangzhou"
    settings.TENCENT_SMS_ENDPOINT = httpserver.url_for("/")
    settings.NOTIFY_PROVIDER_TIMEOUT = 5.0
    yield from _serve(TencentFake(httpserver, "/"))


@pytest.fixture
def wechat_fake(httpserver, settings):
    settings.WECHAT_APP_ID = "wx-test-appid"
    settings.WECHAT_APP_SECRET = "test-secret"
    settings.WECHAT_API_BASE_URL = httpserver.url_for("/cgi-bin/")
    settings.NOTIFY_PROVIDER_TIMEOUT = 5.0
    yield from _serve(WeChatFake(httpserver, "/cgi-bin/message/subscribe/bizsend"))
