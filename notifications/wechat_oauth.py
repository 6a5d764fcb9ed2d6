"""The citizen's WeChat openid: from the OAuth `code` to the session, and no further.

A citizen who opens the H5 page from the service account's menu comes through
WeChat's web authorisation with scope `snsapi_base` (silent, no consent screen):

    https://open.weixin.qq.com/connect/oauth2/authorize?appid=APPID
        &redirect_uri=https%3A%2F%2Fwzw.example.gov.cn%2Fh5%2F&response_type=code
        &scope=snsapi_base&state=menu#wechat_redirect

WeChat sends the browser back with `?code=...&state=...`; the page posts the code
(`POST /api/v1/me/wechat/`) and the server exchanges it with wechatpy's
`WeChatOAuth.fetch_access_token` (GET sns/oauth2/access_token) for the openid. A
code works once, for five minutes.

The OAuth host is the API host of WECHAT_API_BASE_URL (".../cgi-bin/" → "..."),
so the one setting that points the subscription messages at a local fake in tests
points this exchange there too. The openid is kept in the Django session only,
sealed (the session table holds no identifier in clear); it is never in a
response and never logged. A case submitted from that session keeps it encrypted
(`Case.wechat_openid_encrypted`) to send its notices on the "wechat" channel.
"""

import logging
from urllib.parse import urljoin

import requests
from django.conf import settings
from wechatpy.exceptions import WeChatOAuthException
from wechatpy.oauth import WeChatOAuth

from notifications import crypto

logger = logging.getLogger(__name__)

SESSION_KEY = "citizen_wechat_openid_sealed"
# The code was wrong, used already or expired: the citizen must come again
# through the menu. Any other answer is WeChat's (or our account's) trouble.
INVALID_CODE_ERRORS = {40029, 40163, 41008}


class InvalidCode(Exception):
    """WeChat refused the code (40029 invalid, 40163 used, 41008 missing)."""


class Unavailable(Exception):
    """WeChat did not answer, or answered an error that is not the code's fault."""


def is_configured() -> bool:
    """Whether the service account's keys are set, so the exchange can work."""
    return bool(settings.WECHAT_APP_ID and settings.WECHAT_APP_SECRET)


def oauth_base_url() -> str:
    """The API host of WECHAT_API_BASE_URL (where sns/oauth2/... lives)."""
    return urljoin(settings.WECHAT_API_BASE_URL.rstrip("/") + "/", "../")


class _OAuth(WeChatOAuth):
    """WeChatOAuth at `oauth_base_url()`, every request with a timeout (wechatpy
    sends them without one, and a stalled WeChat would hold a web worker)."""

    def __init__(self, *, timeout: float):
        super().__init__(
            settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, redirect_uri=""
        )
        self.API_BASE_URL = oauth_base_url()
        self.timeout = timeout

    def _request(self, method, url_or_endpoint, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super()._request(method, url_or_endpoint, **kwargs)


def openid_fetch(*, code: str) -> str:
    """The openid WeChat gives for `code`. Raises InvalidCode or Unavailable; the
    log names WeChat's error code only, never the code, token or openid."""
    if not is_configured():
        raise Unavailable("WeChat is not configured")
    client = _OAuth(timeout=settings.NOTIFY_PROVIDER_TIMEOUT)
    try:
        answer = client.fetch_access_token(code)
    except WeChatOAuthException as exc:
        if exc.errcode in INVALID_CODE_ERRORS:
            raise InvalidCode(exc.errcode) from None
        logger.warning("wechat oauth refused: errcode=%s", exc.errcode)
        raise Unavailable(exc.errcode) from None
    except (requests.RequestException, ValueError) as exc:
        logger.warning("wechat oauth failed: %s", type(exc).__name__)
        raise Unavailable(type(exc).__name__) from None
    openid = str(answer.get("openid") or "")
    if not openid:
        logger.warning("wechat oauth answered without an openid")
        raise Unavailable("no openid")
    return openid


def session_openid_keep(request, *, openid: str) -> None:
    """Keep the openid, sealed, in this browser's session."""
    request.session[SESSION_KEY] = crypto.encrypt(openid)


def session_openid(request) -> str:
    """The openid kept in this session, or "" (none, or sealed with an old key)."""
    sealed = request.session.get(SESSION_KEY) if hasattr(request, "session") else ""
    if not sealed:
        return ""
    try:
        return crypto.decrypt(sealed)
    except ValueError:
        return ""
