"""The console, locmem and e-mail backends, and choosing one by setting."""

import io

import pytest
from django.core import mail

from notifications.backends import DeliveryError, Outgoing, get_backend, locmem
from notifications.backends.console import ConsoleBackend
from notifications.backends.email import EmailBackend
from notifications.backends.locmem import LocmemBackend
from tests.notifications import fakes


def _outgoing(**overrides):
    fields = {
        "message_id": 7,
        "channel": "sms",
        "recipient": "13812345678",
        "text": "【微政务】您的诉求ZX20260101-0001已办结。",
    }
    return Outgoing(**(fields | overrides))


def test_the_console_prints_the_text_with_the_number_masked():
    stream = io.StringIO()

    sent = ConsoleBackend(stream=stream).send(_outgoing())

    printed = stream.getvalue()
    assert "138****5678" in printed and "已办结" in printed
    assert "13812345678" not in printed
    assert sent.provider_message_id == "console-7"


def test_locmem_keeps_what_it_sent():
    LocmemBackend().send(_outgoing())

    assert [outgoing.message_id for outgoing in locmem.outbox] == [7]


def test_email_goes_through_djangos_mailers_to_the_address(settings):
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }

    EmailBackend().send(
        _outgoing(
            channel="email",
            recipient="officer@example.gov.cn",
            subject="新诉求待受理",
            text="请及时受理。",
            url="https://example.gov.cn/admin/",
        )
    )

    [sent] = mail.outbox
    assert sent.to == ["officer@example.gov.cn"]
    assert sent.subject == "新诉求待受理"
    assert "https://example.gov.cn/admin/" in sent.body


def test_an_unreachable_mail_server_is_a_retryable_error(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }

    with pytest.raises(DeliveryError) as caught:
        EmailBackend().send(_outgoing(channel="email", recipient="a@example.cn"))

    assert caught.value.retryable


@pytest.mark.parametrize(
    ("setting", "name", "expected"),
    [
        ("SMS_BACKEND", "console", ConsoleBackend),
        ("SMS_BACKEND", "locmem", LocmemBackend),
        ("EMAIL_NOTIFY_BACKEND", "email", EmailBackend),
        ("WECHAT_BACKEND", "tests.notifications.fakes.ScriptedBackend", None),
    ],
)
def test_the_backend_is_chosen_by_its_setting(settings, setting, name, expected):
    setattr(settings, setting, name)
    channel = {"SMS_BACKEND": "sms", "EMAIL_NOTIFY_BACKEND": "email"}.get(
        setting, "wechat"
    )

    backend = get_backend(channel)

    assert type(backend) is (expected or fakes.ScriptedBackend)
