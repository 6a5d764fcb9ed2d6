"""SMS through Tencent Cloud (腾讯云短信, sms 2021-01-11), with its official SDK.

The template (a numeric id) and the signature are approved in Tencent's console,
under an SMS application whose SdkAppId is TENCENT_SMS_SDK_APP_ID. Tencent takes
the template's parameters as a list in the template's order ({1}, {2}, ...): the
order of `Outgoing.params`. Numbers are sent as +86...

Tencent answers a refused request with `Response.Error` (raised by the SDK as
TencentCloudSDKException), and an accepted one with a status per number in
`SendStatusSet` whose `Code` is "Ok" or the reason that number was refused.

Retryable: LimitExceeded.* (rate limits), InternalError.*, RequestLimitExceeded,
an empty package, timeouts and network failures. Not retryable: the template, the
signature, the number, the parameters or the key is wrong (FailedOperation.*,
InvalidParameter*, AuthFailure.*, UnauthorizedOperation.*).
"""

import json
import logging

from django.conf import settings
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models as sms_models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from notifications.backends import providers
from notifications.backends.base import BaseBackend, DeliveryError, Outgoing, Sent

logger = logging.getLogger(__name__)

RETRYABLE_PREFIXES = ("LimitExceeded", "InternalError", "RequestLimitExceeded")
RETRYABLE_CODES = {
    # The SDK's own codes for no answer: a timeout, a refused connection, a 5xx.
    "ClientNetworkError",
    "ServerNetworkError",
    # The SMS package is used up: someone buys another.
    "FailedOperation.InsufficientBalanceInSmsPackage",
}


def is_retryable(code: str) -> bool:
    """Whether Tencent may accept the same message later (see the module doc)."""
    return code in RETRYABLE_CODES or code.startswith(RETRYABLE_PREFIXES)


class TencentSmsBackend(BaseBackend):
    channel = "sms"

    def __init__(self):
        providers.require(
            TENCENT_SMS_SECRET_ID=settings.TENCENT_SMS_SECRET_ID,
            TENCENT_SMS_SECRET_KEY=settings.TENCENT_SMS_SECRET_KEY,
            TENCENT_SMS_SDK_APP_ID=settings.TENCENT_SMS_SDK_APP_ID,
        )
        scheme, host = providers.split_endpoint(
            settings.TENCENT_SMS_ENDPOINT, setting="TENCENT_SMS_ENDPOINT"
        )
        profile = ClientProfile(
            httpProfile=HttpProfile(
                protocol=scheme,
                endpoint=host,
                reqTimeout=settings.NOTIFY_PROVIDER_TIMEOUT,
            )
        )
        self.sdk_app_id = settings.TENCENT_SMS_SDK_APP_ID
        self.client = SmsClient(
            Credential(settings.TENCENT_SMS_SECRET_ID, settings.TENCENT_SMS_SECRET_KEY),
            settings.TENCENT_SMS_REGION,
            profile,
        )

    def send(self, outgoing: Outgoing) -> Sent:
        phone = outgoing.recipient
        request = sms_models.SendSmsRequest()
        request.PhoneNumberSet = [phone if phone.startswith("+") else f"+86{phone}"]
        request.SmsSdkAppId = self.sdk_app_id
        request.SignName = providers.sign_name_of(outgoing.text)
        request.TemplateId = outgoing.template_code
        request.TemplateParamSet = [str(value) for value in outgoing.params.values()]
        try:
            response = self.client.SendSms(request)
        except TencentCloudSDKException as error:
            code = error.get_code() or ""
            answer = providers.scrub(
                {
                    "Code": code,
                    "Message": str(error.get_message() or "")[:500],
                    "RequestId": error.get_request_id(),
                },
                phone,
            )
            raise self._refused(outgoing, code, answer) from None

        answer = providers.scrub(json.loads(response.to_json_string()), phone)
        statuses = response.SendStatusSet or []
        if not statuses:
            raise self._refused(outgoing, "EmptySendStatusSet", answer)
        status = statuses[0]
        if status.Code != "Ok":
            raise self._refused(outgoing, status.Code or "", answer)
        return Sent(provider_message_id=status.SerialNo or "", answer=answer)

    def _refused(self, outgoing, code, answer) -> DeliveryError:
        retryable = is_retryable(code)
        logger.warning(
            "tencent: message %s refused: %s (retryable: %s)",
            outgoing.message_id,
            code,
            retryable,
        )
        return DeliveryError(f"tencent: {code}", retryable=retryable, answer=answer)
