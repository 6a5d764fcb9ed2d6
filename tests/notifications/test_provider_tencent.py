"""The Tencent Cloud SMS backend, through tencentcloud-sdk-python-sms, against a
local fake of sms.tencentcloudapi.com (tests/notifications/fake_providers.py)."""

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from notifications.backends import get_backend
from notifications.backends.base import DeliveryError, Outgoing
from notifications.backends.tencent import TencentSmsBackend
from tests.notifications.fake_providers import PHONE, SHORT_TIMEOUT

SERIAL_NO = "5000:1045710669157053657849499619"


def outgoing(**overrides) -> Outgoing:
    values = {
        "message_id": 8,
        "channel": "sms",
        "recipient": PHONE,
        "text": "【微政务】您的诉求2025A001已受理，查询码AB12CD34。",
        "template_code": "1234567",
        # Tencent's template reads {1} then {2}: the params' order.
        "params": {"number": "2025A001", "code": "AB12CD34"},
    }
    return Outgoing(**(values | overrides))


def send_status(code="Ok", message="send success") -> dict:
    return {
        "SendStatusSet": [
            {
                "SerialNo": SERIAL_NO if code == "Ok" else "",
                "PhoneNumber": f"+86{PHONE}",
                "Fee": 1,
                "SessionContext": "",
                "Code": code,
                "Message": message,
                "IsoCode": "CN",
            }
        ]
    }


def error(code, message="refused") -> dict:
    return {"Error": {"Code": code, "Message": message}}


def test_it_sends_the_template_params_signature_and_number_as_tencent_wants(
    tencent_fake,
):
    tencent_fake.answer(send_status())

    sent = TencentSmsBackend().send(outgoing())

    assert sent.provider_message_id == SERIAL_NO
    (received,) = tencent_fake.received()
    assert received == {
        "Action": "SendSms",
        "PhoneNumberSet": [f"+86{PHONE}"],
        "SmsSdkAppId": "1400000001",
        "SignName": "微政务",
        "TemplateId": "1234567",
        "TemplateParamSet": ["2025A001", "AB12CD34"],
    }


def test_it_stores_the_answer_with_the_echoed_number_masked(tencent_fake):
    tencent_fake.answer(send_status())

    sent = TencentSmsBackend().send(outgoing())

    status = sent.answer["SendStatusSet"][0]
    assert status["PhoneNumber"] == "139****5678"
    assert status["SerialNo"] == SERIAL_NO
    assert PHONE not in json.dumps(sent.answer)


@pytest.mark.parametrize(
    "answer",
    [
        error("LimitExceeded.PhoneNumberOneHourLimit"),
        error("InternalError.Timeout"),
        error("RequestLimitExceeded"),
        send_status("LimitExceeded.PhoneNumberDailyLimit", "daily limit"),
    ],
)
def test_it_retries_limits_and_tencents_own_errors(tencent_fake, answer):
    tencent_fake.answer(answer)

    with pytest.raises(DeliveryError) as refused:
        TencentSmsBackend().send(outgoing())

    assert refused.value.retryable is True


@pytest.mark.parametrize(
    "answer",
    [
        error("FailedOperation.TemplateIncorrectOrUnapproved"),
        error("FailedOperation.SignatureIncorrectOrUnapproved"),
        error("InvalidParameterValue.IncorrectPhoneNumber"),
        error("AuthFailure.SecretIdNotFound"),
        error("UnauthorizedOperation.SmsSdkAppIdVerifyFail"),
        send_status("InvalidParameterValue.IncorrectPhoneNumber", "invalid number"),
    ],
)
def test_it_gives_up_on_a_wrong_template_number_or_key(tencent_fake, answer):
    tencent_fake.answer(answer)

    with pytest.raises(DeliveryError) as refused:
        TencentSmsBackend().send(outgoing())

    assert refused.value.retryable is False
    assert PHONE not in json.dumps(refused.value.answer)


def test_it_keeps_the_refusal_code_in_the_answer(tencent_fake):
    tencent_fake.answer(error("FailedOperation.TemplateIncorrectOrUnapproved"))

    with pytest.raises(DeliveryError) as refused:
        TencentSmsBackend().send(outgoing())

    assert refused.value.answer["Code"] == (
        "FailedOperation.TemplateIncorrectOrUnapproved"
    )
    assert refused.value.answer["RequestId"] == "req-1"


def test_it_retries_a_server_error(tencent_fake):
    tencent_fake.answer({}, status=502)

    with pytest.raises(DeliveryError) as refused:
        TencentSmsBackend().send(outgoing())

    assert refused.value.retryable is True


def test_it_retries_when_tencent_does_not_answer_in_time(tencent_fake, settings):
    settings.NOTIFY_PROVIDER_TIMEOUT = SHORT_TIMEOUT
    tencent_fake.stall()

    with pytest.raises(DeliveryError) as refused:
        TencentSmsBackend().send(outgoing())

    assert refused.value.retryable is True
    assert refused.value.answer["Code"] == "ClientNetworkError"


def test_it_logs_neither_the_number_nor_the_params(tencent_fake, caplog, capfd):
    # Even with every logger at DEBUG (the SDK logs whole requests there).
    caplog.set_level(logging.DEBUG)
    tencent_fake.answer(send_status())
    TencentSmsBackend().send(outgoing())
    tencent_fake.httpserver.clear()
    tencent_fake.answer(error("InvalidParameterValue.IncorrectPhoneNumber"))
    with pytest.raises(DeliveryError):
        TencentSmsBackend().send(outgoing())

    logged = caplog.text + capfd.readouterr().err
    assert "refused: InvalidParameterValue.IncorrectPhoneNumber" in logged
    assert PHONE not in logged
    assert "AB12CD34" not in logged


def test_it_refuses_to_start_without_an_sdk_app_id(settings):
    settings.TENCENT_SMS_SECRET_ID = "AKID"
    settings.TENCENT_SMS_SECRET_KEY = "key"
    settings.TENCENT_SMS_SDK_APP_ID = ""

    with pytest.raises(ImproperlyConfigured, match="TENCENT_SMS_SDK_APP_ID"):
        TencentSmsBackend()


def test_sms_backend_tencent_picks_this_backend(tencent_fake, settings):
    settings.SMS_BACKEND = "tencent"

    assert isinstance(get_backend("sms"), TencentSmsBackend)
