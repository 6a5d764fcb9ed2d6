"""WeChat subscription messages (服务号订阅通知) through wechatpy, for citizens who
came from the service account's menu and have an openid.

wechatpy 1.8.18 sends them with `client.message.send_subscribe_message`
(POST cgi-bin/message/subscribe/bizsend). The template id comes from the
account's 订阅通知 library; its fields have WeChat's keys (thing1, time2, ...). The
admin's template text for the WeChat channel names them, one per line:

    character_string1={number}
    thing2={title}

and the rendered lines fill the fields ({"thing2": {"value": "小区路灯不亮"}}). A
text without such lines sends `Outgoing.params` under their own names.
`Outgoing.url` is the page the card opens.

The access token is kept in Django's cache, so every worker shares one token
instead of fetching its own (WeChat limits fetches a day, and a new token retires
the old one). When WeChat says the token is
invalid or expired (40001, 40014, 42001), the backend fetches a new one and tries
once more within the call; wechatpy's own retry, which loops while the answer
stays the same, is off.

Retryable: -1 (system busy), 45009 (the daily API quota), HTTP errors, timeouts.
Not retryable: 43101 (the user refused or used up their subscription), 40037 (the
template id is wrong), 47003 (a field does not fit the template) and any other
answer.
"""

import logging
import re

import requests
from django.conf import settings
from django.core.cache import cache
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from notifications.backends.base import BaseBackend, DeliveryError, Outgoing, Sent
from notifications.backends.providers import require

logger = logging.getLogger(__name__)

FIELD_LINE = re.compile(r"^\s*([a-z_]+[0-9]+)\s*[=:：]\s*(.*?)\s*$", re.MULTILINE)
TOKEN_ERRORS = {40001, 40014, 42001}
RETRYABLE_ERRORS = {-1, 45009, None}  # None: an HTTP error without an errcode
# A token is dropped from the cache this long before WeChat expires it, so a
# message never goes out with a token that dies on the way.
TOKEN_MARGIN_SECONDS = 300


def fields_of(outgoing: Outgoing) -> dict[str, str]:
    """The template's fields: the text's `key=value` lines, else the params."""
    lines = dict(FIELD_LINE.findall(outgoing.text))
    return lines or dict(outgoing.params)


class DjangoCacheStorage(SessionStorage):
    """wechatpy's session storage over Django's cache (shared by all workers)."""

    prefix = "notifications:wechatpy:"

    def get(self, key, default=None):
        return cache.get(self.prefix + key, default)

    def set(self, key, value, ttl=None):
        if ttl and ttl > 2 * TOKEN_MARGIN_SECONDS:
            ttl -= TOKEN_MARGIN_SECONDS
        cache.set(self.prefix + key, value, ttl)

    def delete(self, key):
        cache.delete(self.prefix + key)


class _TimeoutSession(requests.Session):
    def __init__(self, timeout: float):
        super().__init__()
        self.default_timeout = timeout

    def request(self, method, url, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(method, url, **kwargs)


class _Client(WeChatClient):
    """WeChatClient whose API, token endpoint included, lives at `api_base_url`
    (wechatpy hard-codes the token URL to api.weixin.qq.com), and whose every
    request has a timeout (wechatpy fetches the token without one)."""

    def __init__(self, appid, secret, *, api_base_url: str, timeout: float, **kwargs):
        super().__init__(appid, secret, timeout=timeout, **kwargs)
        self.API_BASE_URL = api_base_url.rstrip("/") + "/"
        self._http = _TimeoutSession(timeout)

    def fetch_access_token(self):
        return self._fetch_access_token(
            url=f"{self.API_BASE_URL}token",
            params={
                "grant_type": "client_credential",
                "appid": self.appid,
                "secret": self.secret,
            },
        )


class WechatSubscribeBackend(BaseBackend):
    channel = "wechat"

    def __init__(self):
        require(
            WECHAT_APP_ID=settings.WECHAT_APP_ID,
            WECHAT_APP_SECRET=settings.WECHAT_APP_SECRET,
        )
        self.client = _Client(
            settings.WECHAT_APP_ID,
            settings.WECHAT_APP_SECRET,
            api_base_url=settings.WECHAT_API_BASE_URL,
            timeout=settings.NOTIFY_PROVIDER_TIMEOUT,
            session=DjangoCacheStorage(),
            auto_retry=False,
        )

    def send(self, outgoing: Outgoing) -> Sent:
        try:
            try:
                result = self._send_once(outgoing)
            except WeChatClientException as error:
                if error.errcode not in TOKEN_ERRORS:
                    raise
                self.client.session.delete(self.client.access_token_key)
                result = self._send_once(outgoing)
        except WeChatClientException as error:
            raise self._refused(outgoing, error.errcode, error.errmsg) from None
        except requests.RequestException as error:
            raise self._refused(outgoing, None, type(error).__name__) from None
        if not isinstance(result, dict):  # wechatpy hands back a non-JSON answer
            raise self._refused(outgoing, None, "not JSON")
        answer = {
            key: result[key] for key in ("errcode", "errmsg", "msgid") if key in result
        }
        return Sent(provider_message_id=str(result.get("msgid", "")), answer=answer)

    def _send_once(self, outgoing: Outgoing) -> dict:
        return self.client.message.send_subscribe_message(
            outgoing.recipient,
            outgoing.template_code,
            {name: {"value": value} for name, value in fields_of(outgoing).items()},
            page=outgoing.url or None,
        )

    def _refused(self, outgoing, errcode, errmsg) -> DeliveryError:
        retryable = errcode in RETRYABLE_ERRORS or errcode in TOKEN_ERRORS
        logger.warning(
            "wechat: message %s refused: %s (retryable: %s)",
            outgoing.message_id,
            errcode,
            retryable,
        )
        return DeliveryError(
            f"wechat: {errcode}",
            retryable=retryable,
            answer={"errcode": errcode, "errmsg": str(errmsg or "")[:500]},
        )
