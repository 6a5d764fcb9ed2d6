"""Fixtures of the citizens tests: SMS delivered at once into the locmem outbox, a
clock, throttle rates, and a client signed in with a phone."""

import re

import pytest

from notifications.backends import locmem
from tests.notifications.fake_providers import wechat_fake  # noqa: F401

CODE_URL = "/api/v1/me/code/"
LOGIN_URL = "/api/v1/me/login/"
LOGOUT_URL = "/api/v1/me/logout/"
CASES_URL = "/api/v1/me/cases/"
PHONE = "13812345678"
OTHER_PHONE = "13987654321"


@pytest.fixture
def sms(settings, db, monkeypatch):
    """Delivery runs at once (no worker) into `locmem.outbox`; the login-code
    template exists. Returns `last_code(phone)`: the code the phone was last sent.

    The test's transaction never commits, so on-commit callbacks (the delivery)
    run when they are registered instead."""
    from django.db import transaction

    from notifications.models import MessageTemplate

    monkeypatch.setattr(
        transaction, "on_commit", lambda func, using=None, robust=False: func()
    )

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    MessageTemplate.objects.get_or_create(
        event="citizen.login_code",
        channel="sms",
        defaults={"text": "您的登录验证码为 {code}，{minutes} 分钟内有效。"},
    )
    MessageTemplate.objects.filter(event="citizen.login_code", channel="sms").update(
        active=True
    )
    locmem.outbox.clear()

    def last_code(phone=PHONE):
        sent = [m for m in locmem.outbox if m.recipient == phone]
        assert sent, f"no SMS to {phone}"
        return re.search(r"\d{6}", sent[-1].text).group()

    yield last_code
    locmem.outbox.clear()


@pytest.fixture
def sign_in(sms):
    """`sign_in(client, phone)`: ask for a code and log in with it."""

    def sign_in_(client, phone=PHONE):
        assert client.post(CODE_URL, {"phone": phone}, format="json").status_code == 202
        response = client.post(
            LOGIN_URL, {"phone": phone, "code": sms(phone)}, format="json"
        )
        assert response.status_code == 200, response.content
        return response

    return sign_in_
