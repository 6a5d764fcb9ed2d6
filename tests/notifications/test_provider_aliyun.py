"""The Aliyun SMS backend, through alibabacloud_dysmsapi20170525, against a local
fake of dysmsapi (tests/notifications/fake_providers.py)."""

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from notifications.backends import get_backend
from notifications.backends.aliyun import AliyunSmsBackend
from notifications.backends.base import DeliveryError, Outgoing
from tests.notifications.fake_providers import PHONE, SHORT_TIMEOUT


def outgoing(**overrides) -> Outgoing:
    values = {
        "message_id": 7,
        "channel": "sms",
        "recipient": PHONE,
        "text": "【微政务】您的诉求2025A001已受理，查询码AB12CD34。",
        "template_code": "SMS_480215001",
        "params": {"number": "2025A001", "code": "AB12CD34"},
    }
    return Outgoing(**(values | overrides))


def ok_answer(**fields) -> dict:
    return {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0"} | {
        "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990",
        **fields,
    }


def test_it_sends_the_template_params_signature_and_number_as_aliyun_wants(
    aliyun_fake,
):
    aliyun_fake.answer(ok_answer())

    sent = AliyunSmsBackend().send(outgoing())

    assert sent.provider_message_id == "900619746936498440^0"
    assert sent.answer["Code"] == "OK"
    (received,) = aliyun_fake.received()
    assert received["Action"] == "SendSms"
    assert received["PhoneNumbers"] == PHONE
    assert received["SignName"] == "微政务"
    assert received["TemplateCode"] == "SMS_480215001"
    assert json.loads(received["TemplateParam"]) == {
        "number": "2025A001",
        "code": "AB12CD34",
    }
    # The SDK signed the request with the configured key.
    assert "Credential=LTAI-test-key," in received["Authorization"]


def test_it_sends_a_plus86_number_without_the_country_code(aliyun_fake):
    aliyun_fake.answer(ok_answer())

    AliyunSmsBackend().send(outgoing(recipient=f"+86{PHONE}"))

    assert aliyun_fake.received()[0]["PhoneNumbers"] == PHONE


def test_it_falls_back_to_sms_sign_name_when_the_text_has_no_signature(
    aliyun_fake, settings
):
    settings.SMS_SIGN_NAME = "【某市政务】"
    aliyun_fake.answer(ok_answer())

    AliyunSmsBackend().send(outgoing(text="您的诉求已受理。"))

    assert aliyun_fake.received()[0]["SignName"] == "某市政务"


@pytest.mark.parametrize(
    "code",
    ["isv.BUSINESS_LIMIT_CONTROL", "isv.AMOUNT_NOT_ENOUGH", "isp.SYSTEM_ERROR"],
)
def test_it_retries_limits_and_aliyuns_own_errors(aliyun_fake, code):
    aliyun_fake.answer({"Code": code, "Message": "触发流控", "RequestId": "r"})

    with pytest.raises(DeliveryError) as refused:
        AliyunSmsBackend().send(outgoing())

    assert refused.value.retryable is True
    assert refused.value.answer["Code"] == code


@pytest.mark.parametrize(
    "code",
    [
        "isv.MOBILE_NUMBER_ILLEGAL",
        "isv.SMS_TEMPLATE_ILLEGAL",
        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.TEMPLATE_MISSING_PARAMETERS",
    ],
)
def test_it_gives_up_on_a_wrong_number_template_or_signature(aliyun_fake, code):
    aliyun_fake.answer({"Code": code, "Message": "非法", "RequestId": "r"})

    with pytest.raises(DeliveryError) as refused:
        AliyunSmsBackend().send(outgoing())

    assert refused.value.retryable is False
    assert refused.value.answer["Code"] == code


def test_it_gives_up_on_a_wrong_key(aliyun_fake):
    aliyun_fake.answer(
        {
            "Code": "InvalidAccessKeyId.NotFound",
            "Message": "Specified access key is not found.",
            "RequestId": "r",
        },
        status=404,
    )

    with pytest.raises(DeliveryError) as refused:
        AliyunSmsBackend().send(outgoing())

    assert refused.value.retryable is False
    assert refused.value.answer["Code"] == "InvalidAccessKeyId.NotFound"


@pytest.mark.parametrize(
    ("status", "code"),
    [(400, "Throttling.User"), (503, "ServiceUnavailable"), (500, "UnknownError")],
)
def test_it_retries_throttling_and_server_errors_over_http(aliyun_fake, status, code):
    aliyun_fake.answer({"Code": code, "Message": "busy", "RequestId": "r"}, status)

    with pytest.raises(DeliveryError) as refused:
        AliyunSmsBackend().send(outgoing())

    assert refused.value.retryable is True


def test_it_retries_when_aliyun_does_not_answer_in_time(aliyun_fake, settings):
    settings.NOTIFY_PROVIDER_TIMEOUT = SHORT_TIMEOUT
    aliyun_fake.stall()

    with pytest.raises(DeliveryError) as refused:
        AliyunSmsBackend().send(outgoing())

    assert refused.value.retryable is True
    assert refused.value.answer == {"error": "ReadTimeout"}


def test_it_retries_when_nobody_listens(settings):
    settings.ALIYUN_SMS_ACCESS_KEY_ID = "id"
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "secret"
    settings.ALIYUN_SMS_ENDPOINT = "http://127.0.0.1:9"  # discard: nothing listens

    with pytest.raises(DeliveryError) as refused:
        AliyunSmsBackend().send(outgoing())

    assert refused.value.retryable is True


def test_it_masks_a_number_that_aliyun_echoes_in_its_answer(aliyun_fake):
    aliyun_fake.answer(
        {
            "Code": "isv.MOBILE_NUMBER_ILLEGAL",
            "Message": f"{PHONE} 非法",
            "RequestId": "r",
        }
    )

    with pytest.raises(DeliveryError) as refused:
        AliyunSmsBackend().send(outgoing())

    assert PHONE not in json.dumps(refused.value.answer)
    assert "139****5678" in refused.value.answer["Message"]


def test_it_logs_neither_the_number_nor_the_params(aliyun_fake, caplog, capfd):
    # Even with every logger at DEBUG (the SDK dumps requests there).
    caplog.set_level(logging.DEBUG)
    aliyun_fake.answer(ok_answer())
    AliyunSmsBackend().send(outgoing())
    aliyun_fake.httpserver.clear()
    aliyun_fake.answer({"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "x"})
    with pytest.raises(DeliveryError):
        AliyunSmsBackend().send(outgoing())

    logged = caplog.text + capfd.readouterr().err
    assert "refused: isv.MOBILE_NUMBER_ILLEGAL" in logged
    assert PHONE not in logged
    assert "AB12CD34" not in logged


def test_it_logs_no_number_even_with_the_sdks_debug_dump_on(
    aliyun_fake, caplog, capfd, monkeypatch
):
    monkeypatch.setenv("DEBUG", "sdk")  # darabonba's switch for request dumps
    caplog.set_level(logging.DEBUG)
    aliyun_fake.answer(ok_answer())

    AliyunSmsBackend().send(outgoing())

    assert PHONE not in caplog.text + capfd.readouterr().err


def test_it_refuses_to_start_without_a_key(settings):
    settings.ALIYUN_SMS_ACCESS_KEY_ID = ""

    with pytest.raises(ImproperlyConfigured, match="ALIYUN_SMS_ACCESS_KEY_ID"):
        AliyunSmsBackend()


def test_sms_backend_aliyun_picks_this_backend(aliyun_fake, settings):
    settings.SMS_BACKEND = "aliyun"

    assert isinstance(get_backend("sms"), AliyunSmsBackend)
