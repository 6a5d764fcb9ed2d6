"""The e-mail backend, through Django's SMTP mailer, against a real SMTP server
(aiosmtpd) on 127.0.0.1."""

import socket
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from django.test import override_settings

from notifications.backends.base import DeliveryError, Outgoing
from notifications.backends.email import EmailBackend

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Inbox:
    """An aiosmtpd handler that keeps what it receives; `refuse` answers RCPT
    with a permanent 550, as a server does for an unknown mailbox."""

    def __init__(self):
        self.envelopes: list[Envelope] = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_at(port: int):
    return override_settings(
        MAILERS={
            "default": {
                "BACKEND": SMTP_BACKEND,
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
    )


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    with smtp_at(controller.port):
        yield inbox
    controller.stop()


def outgoing(**overrides) -> Outgoing:
    values = {
        "message_id": 11,
        "channel": "email",
        "recipient": "officer@dept.example.cn",
        "subject": "新诉求待受理：2025A001 小区路灯不亮",
        "text": "您好，部门收到一件新诉求（2025A001），请在一个工作日内受理。",
        "url": "https://wzw.example.cn/admin/cases/case/1/",
    }
    return Outgoing(**(values | overrides))


def test_it_delivers_a_chinese_message_intact_over_smtp(smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "noreply@wzw.example.cn"

    EmailBackend().send(outgoing())

    (envelope,) = smtp_server.envelopes
    assert envelope.mail_from == "noreply@wzw.example.cn"
    assert envelope.rcpt_tos == ["officer@dept.example.cn"]
    received = message_from_bytes(envelope.original_content, policy=default_policy)
    assert received["Subject"] == "新诉求待受理：2025A001 小区路灯不亮"
    body = received.get_content()
    assert "您好，部门收到一件新诉求（2025A001），请在一个工作日内受理。" in body
    assert "https://wzw.example.cn/admin/cases/case/1/" in body


def test_it_gives_up_on_an_address_the_server_refuses(smtp_server):
    smtp_server.refuse = True

    with pytest.raises(DeliveryError) as refused:
        EmailBackend().send(outgoing())

    assert refused.value.retryable is False
    assert smtp_server.envelopes == []


def test_it_retries_when_the_mail_server_is_down():
    with smtp_at(free_port()), pytest.raises(DeliveryError) as refused:
        EmailBackend().send(outgoing())

    assert refused.value.retryable is True
