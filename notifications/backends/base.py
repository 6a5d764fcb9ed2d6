"""What every channel backend takes and answers, in the style of Django's e-mail
backends: the outbox hands one `Outgoing` to `send`, which returns a `Sent` or raises
`DeliveryError`. Backends never log the recipient or the text (personal data)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outgoing:
    """One message ready to go.

    `recipient` is the clear phone number, openid or e-mail address, decrypted only
    for this call. `template_code` is the provider's template (Aliyun's
    SMS_123456789, Tencent's numeric template id, WeChat's template_id; blank for
    e-mail and console), `params` its variables by name, in the order the template
    lists them (Tencent takes a list), `text` the rendered Chinese text (what console,
    locmem and e-mail send, and what the admin previews), `subject` the e-mail
    subject, `url` the page a WeChat message opens."""

    message_id: int
    channel: str
    recipient: str
    text: str
    template_code: str = ""
    params: dict[str, str] = field(default_factory=dict)
    subject: str = ""
    url: str = ""


@dataclass(frozen=True)
class Sent:
    """The provider accepted the message: its message id (Aliyun's BizId, Tencent's
    SerialNo, WeChat's msgid) and its answer as it came, for the outbox row."""

    provider_message_id: str = ""
    answer: dict = field(default_factory=dict)


class DeliveryError(Exception):
    """The provider refused or could not be reached. `retryable` is False for an
    answer that will not change on a retry (a wrong template, an invalid number, a
    user who unsubscribed), True for throttling, timeouts and server errors."""

    def __init__(self, message: str, *, retryable: bool, answer: dict | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.answer = answer or {}


class BaseBackend:
    """A channel backend. Subclasses implement `send`; settings come from the
    environment through django.conf.settings, read in `__init__`."""

    channel: str = ""

    def send(self, outgoing: Outgoing) -> Sent:
        raise NotImplementedError
