"""SMS through Aliyun (阿里云短信服务, dysmsapi 2017-05-25), with its official SDK.

The template (SMS_123456789) and the signature are approved in Aliyun's console;
`TemplateParam` is a JSON object of the template's ${variables}. Aliyun answers
HTTP 200 with `Code` "OK" and a `BizId`, or with another `Code` for a message it
will not send; a wrong key or a malformed request is an HTTP 4xx the SDK raises
as ClientException, overload a ThrottlingException, its own faults a 5xx.

Retryable: per-number rate limits, throttling, Aliyun's own errors (isp.*), an
empty balance (someone tops it up), timeouts and network failures. Not retryable:
the number, the template, the signature, the parameters or the key is wrong; a
retry would get the same answer.
"""

import json
import logging

from alibabacloud_dysmsapi20170525 import models as dysms_models
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import (
    AlibabaCloudException,
    ServerException,
    ThrottlingException,
)
from darabonba.exceptions import UnretryableException
from darabonba.runtime import RuntimeOptions
from django.conf import settings

from notifications.backends import providers
from notifications.backends.base import BaseBackend, DeliveryError, Outgoing, Sent

logger = logging.getLogger(__name__)

# darabonba raises its own logger to DEBUG when it is imported (after Django has
# configured logging) and, with DEBUG=sdk in the environment, dumps each request
# line, whose query string holds the phone number.
logging.getLogger("darabonba-core").setLevel(logging.INFO)

RETRYABLE_CODES = {
    "isv.BUSINESS_LIMIT_CONTROL",  # per-number minute/hour/day limits
    "isv.DAY_LIMIT_CONTROL",
    "isv.AMOUNT_NOT_ENOUGH",
    "isv.OUT_OF_SERVICE",  # the account is suspended for arrears
    "SignatureNonceUsed",
    "ServiceUnavailable",
    "InternalError",
}


def is_retryable(code: str) -> bool:
    """Whether Aliyun may accept the same message later (see the module doc)."""
    return code in RETRYABLE_CODES or code.startswith("isp.") or "Throttling" in code


class AliyunSmsBackend(BaseBackend):
    channel = "sms"

    def __init__(self):
        providers.require(
            ALIYUN_SMS_ACCESS_KEY_ID=settings.ALIYUN_SMS_ACCESS_KEY_ID,
            ALIYUN_SMS_ACCESS_KEY_SECRET=settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
        )
        scheme, host = providers.split_endpoint(
            settings.ALIYUN_SMS_ENDPOINT, setting="ALIYUN_SMS_ENDPOINT"
        )
        timeout_ms = int(settings.NOTIFY_PROVIDER_TIMEOUT * 1000)
        self.client = Client(
            open_api_models.Config(
                access_key_id=settings.ALIYUN_SMS_ACCESS_KEY_ID,
                access_key_secret=settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
                endpoint=host,
                protocol=scheme,
            )
        )
        # The outbox retries with back-off; the SDK must not retry on its own.
        self.runtime = RuntimeOptions(
            autoretry=False, read_timeout=timeout_ms, connect_timeout=timeout_ms
        )

    def send(self, outgoing: Outgoing) -> Sent:
        phone = outgoing.recipient
        request = dysms_models.SendSmsRequest(
            phone_numbers=phone.removeprefix("+86"),
            sign_name=providers.sign_name_of(outgoing.text),
            template_code=outgoing.template_code,
            template_param=json.dumps(outgoing.params, ensure_ascii=False),
        )
        try:
            response = self.client.send_sms_with_options(request, self.runtime)
        except AlibabaCloudException as error:
            answer = providers.scrub(
                {
                    "Code": error.code,
                    "Message": error.message,
                    "HTTP": error.status_code,
                },
                phone,
            )
            retryable = isinstance(
                error, (ThrottlingException, ServerException)
            ) or is_retryable(error.code or "")
            raise self._refused(outgoing, error.code, answer, retryable) from None
        except UnretryableException as error:
            # What the SDK raises for no answer: a timeout, a refused connection,
            # a body that is not JSON. The outbox tries again later.
            # Its message can hold the URL (the number); only the type is kept.
            inner = error.inner_exception
            cause = type(inner.__context__ or inner).__name__  # under RetryError
            logger.warning(
                "aliyun: message %s not delivered: %s", outgoing.message_id, cause
            )
            raise DeliveryError(
                f"aliyun: {cause}", retryable=True, answer={"error": cause}
            ) from None

        answer = providers.scrub(response.body.to_map(), phone)
        code = response.body.code or ""
        if code != "OK":
            raise self._refused(outgoing, code, answer, is_retryable(code))
        return Sent(provider_message_id=response.body.biz_id or "", answer=answer)

    def _refused(self, outgoing, code, answer, retryable) -> DeliveryError:
        logger.warning(
            "aliyun: message %s refused: %s (retryable: %s)",
            outgoing.message_id,
            code,
            retryable,
        )
        return DeliveryError(f"aliyun: {code}", retryable=retryable, answer=answer)
