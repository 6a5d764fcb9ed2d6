"""The WeChat subscription-message backend, through wechatpy, against a local fake
of api.weixin.qq.com (tests/notifications/fake_providers.py)."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from notifications.backends import get_backend
from notifications.backends.base import DeliveryError, Outgoing
from notifications.backends.wechat import WechatSubscribeBackend
from tests.notifications.fake_providers import OPENID, SHORT_TIMEOUT

TEMPLATE_ID = "bDmywsp2oEHjwAadTGKkUHpC0RgBVPvfAQ6ueVkRc7A"
SENT = {"errcode": 0, "errmsg": "ok", "msgid": 2913407427418357762}


def outgoing(**overrides) -> Outgoing:
    values = {
        "message_id": 9,
        "channel": "wechat",
        "recipient": OPENID,
        "text": "您的诉求2025A001已受理。",
        "template_code": TEMPLATE_ID,
        "params": {"character_string1": "2025A001", "phrase2": "已受理"},
        "url": "https://wzw.example.cn/h5/#/cases/2025A001",
    }
    return Outgoing(**(values | overrides))


def test_it_sends_the_template_and_its_fields_to_the_openid(wechat_fake):
    wechat_fake.issue_tokens("TOKEN-1")
    wechat_fake.answers(SENT)

    sent = WechatSubscribeBackend().send(outgoing())

    assert sent.provider_message_id == "2913407427418357762"
    assert sent.answer == SENT
    (received,) = wechat_fake.received()
    assert received == {
        "access_token": "TOKEN-1",
        "touser": OPENID,
        "template_id": TEMPLATE_ID,
        "data": {
            "character_string1": {"value": "2025A001"},
            "phrase2": {"value": "已受理"},
        },
        "page": "https://wzw.example.cn/h5/#/cases/2025A001",
    }


def test_the_templates_text_maps_its_lines_to_wechats_fields(wechat_fake):
    wechat_fake.issue_tokens("TOKEN-1")
    wechat_fake.answers(SENT)
    text = "character_string1=2025A001\nthing2：小区路灯不亮\ntime3 = 2025-06-01 09:30"

    WechatSubscribeBackend().send(outgoing(text=text))

    assert wechat_fake.received()[0]["data"] == {
        "character_string1": {"value": "2025A001"},
        "thing2": {"value": "小区路灯不亮"},
        "time3": {"value": "2025-06-01 09:30"},
    }


def test_every_worker_shares_one_token_through_the_cache(wechat_fake):
    wechat_fake.issue_tokens("TOKEN-1", "TOKEN-2")
    wechat_fake.answers(SENT, SENT)

    WechatSubscribeBackend().send(outgoing())
    WechatSubscribeBackend().send(outgoing())

    assert wechat_fake.token_fetches() == 1
    assert [r["access_token"] for r in wechat_fake.received()] == ["TOKEN-1"] * 2


@pytest.mark.parametrize("errcode", [40001, 42001])
def test_it_fetches_a_new_token_once_when_wechat_refuses_the_old_one(
    wechat_fake, errcode
):
    wechat_fake.issue_tokens("TOKEN-1", "TOKEN-2")
    wechat_fake.answers({"errcode": errcode, "errmsg": "access_token expired"}, SENT)

    sent = WechatSubscribeBackend().send(outgoing())

    assert sent.provider_message_id == "2913407427418357762"
    assert [r["access_token"] for r in wechat_fake.received()] == [
        "TOKEN-1",
        "TOKEN-2",
    ]


def test_it_stops_after_one_new_token_and_retries_later(wechat_fake):
    wechat_fake.issue_tokens("TOKEN-1", "TOKEN-2", "TOKEN-3")
    expired = {"errcode": 42001, "errmsg": "access_token expired"}
    wechat_fake.answers(expired, expired, expired)

    with pytest.raises(DeliveryError) as refused:
        WechatSubscribeBackend().send(outgoing())

    assert refused.value.retryable is True
    assert len(wechat_fake.received()) == 2
    assert wechat_fake.token_fetches() == 2


@pytest.mark.parametrize(
    ("errcode", "errmsg"),
    [(43101, "user refuse to accept the msg"), (40037, "invalid template_id")],
)
def test_it_gives_up_when_the_user_refused_or_the_template_is_wrong(
    wechat_fake, errcode, errmsg
):
    wechat_fake.issue_tokens("TOKEN-1")
    wechat_fake.answers({"errcode": errcode, "errmsg": errmsg})

    with pytest.raises(DeliveryError) as refused:
        WechatSubscribeBackend().send(outgoing())

    assert refused.value.retryable is False
    assert refused.value.answer == {"errcode": errcode, "errmsg": errmsg}


@pytest.mark.parametrize(
    ("errcode", "errmsg"), [(-1, "system error"), (45009, "reach max api daily quota")]
)
def test_it_retries_when_wechat_is_busy_or_over_its_quota(wechat_fake, errcode, errmsg):
    wechat_fake.issue_tokens("TOKEN-1")
    wechat_fake.answers({"errcode": errcode, "errmsg": errmsg})

    with pytest.raises(DeliveryError) as refused:
        WechatSubscribeBackend().send(outgoing())

    assert refused.value.retryable is True


def test_it_retries_an_http_error(wechat_fake):
    wechat_fake.issue_tokens("TOKEN-1")
    wechat_fake.answer({}, status=502)

    with pytest.raises(DeliveryError) as refused:
        WechatSubscribeBackend().send(outgoing())

    assert refused.value.retryable is True


def test_it_gives_up_when_the_app_secret_is_wrong(wechat_fake):
    wechat_fake.answer(
        {"errcode": 40125, "errmsg": "invalid appsecret"},
        path=wechat_fake.token_path,
        method="GET",
    )

    with pytest.raises(DeliveryError) as refused:
        WechatSubscribeBackend().send(outgoing())

    assert refused.value.retryable is False
    assert wechat_fake.received() == []


def test_it_retries_when_wechat_does_not_answer_in_time(wechat_fake, settings):
    settings.NOTIFY_PROVIDER_TIMEOUT = SHORT_TIMEOUT
    wechat_fake.issue_tokens("TOKEN-1")
    wechat_fake.stall()

    with pytest.raises(DeliveryError) as refused:
        WechatSubscribeBackend().send(outgoing())

    assert refused.value.retryable is True
    assert refused.value.answer == {"errcode": None, "errmsg": "ReadTimeout"}


def test_it_retries_when_the_token_endpoint_does_not_answer_in_time(
    wechat_fake, settings
):
    settings.NOTIFY_PROVIDER_TIMEOUT = SHORT_TIMEOUT
    wechat_fake.stall(wechat_fake.token_path)

    with pytest.raises(DeliveryError) as refused:
        WechatSubscribeBackend().send(outgoing())

    assert refused.value.retryable is True


def test_it_logs_neither_the_openid_the_token_nor_the_fields(
    wechat_fake, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    wechat_fake.issue_tokens("TOKEN-1", "TOKEN-2")
    wechat_fake.answers(
        {"errcode": 40001, "errmsg": "invalid credential"},
        SENT,
        {"errcode": 43101, "errmsg": "user refuse to accept the msg"},
    )
    WechatSubscribeBackend().send(outgoing())
    with pytest.raises(DeliveryError):
        WechatSubscribeBackend().send(outgoing())

    logged = caplog.text + capfd.readouterr().err
    assert "refused: 43101" in logged
    for secret in (OPENID, "TOKEN-1", "TOKEN-2", "test-secret", "2025A001"):
        assert secret not in logged


def test_it_refuses_to_start_without_an_app_secret(settings):
    settings.WECHAT_APP_ID = "wx-appid"
    settings.WECHAT_APP_SECRET = ""

    with pytest.raises(ImproperlyConfigured, match="WECHAT_APP_SECRET"):
        WechatSubscribeBackend()


def test_wechat_backend_wechatpy_picks_this_backend(wechat_fake, settings):
    settings.WECHAT_BACKEND = "wechatpy"

    assert isinstance(get_backend("wechat"), WechatSubscribeBackend)
