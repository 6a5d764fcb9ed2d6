"""Fixtures of the appointments tests: a bookable service at a window of
department A with a schedule, a clock on a plain working Monday, and clients
signed in with a phone."""

from datetime import datetime, time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from rest_framework.test import APIClient

from appointments.models import WeeklySession, WindowSchedule
from citizens import codes
from citizens.session import PHONE_HASH, PHONE_SEALED, SIGNED_IN_AT
from kernel.workdays import SHANGHAI
from tests.citizens.conftest import sign_in, sms  # noqa: F401
from tests.factories import ServiceTypeFactory, ServiceWindowFactory

PHONE = "13812345678"
OTHER_PHONE = "13987654321"
# Monday 7 December 2026, 08:00 in Shanghai: a plain working week ahead.
MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=SHANGHAI)
BOOK_URL = "/api/v1/appointments/"


def at(day, hour, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def window(department_a):
    return ServiceWindowFactory(
        department=department_a, name="社保窗口", location="一楼3号"
    )


@pytest.fixture
def service(window):
    return ServiceTypeFactory(
        window=window,
        name="社保卡补办",
        by_appointment=True,
        required_materials="身份证原件\n一寸照片",
    )


@pytest.fixture
def schedule(window):
    schedule = WindowSchedule.objects.create(
        window=window, slot_minutes=30, seats_per_slot=3, days_ahead=7
    )
    WeeklySession.objects.bulk_create(
        WeeklySession(schedule=schedule, weekday=day, starts_at=start, ends_at=end)
        for day in range(5)
        for start, end in ((time(9), time(11, 30)), (time(13, 30), time(17)))
    )
    return schedule


@pytest.fixture
def monday(freeze_now):
    return freeze_now(MONDAY)


@pytest.fixture
def templates(db):
    """The appointments' SMS templates active (the migration seeds them)."""
    from notifications.models import MessageTemplate

    MessageTemplate.objects.filter(event__startswith="appointment.").update(active=True)


def signed_in_client(phone: str = PHONE) -> APIClient:
    """A client whose session signed in with `phone`, as POST /api/v1/me/login/
    leaves it (tests/citizens covers the sign-in itself)."""
    session = SessionStore()
    session[PHONE_HASH] = codes.phone_hash(phone)
    session[PHONE_SEALED] = codes.seal(phone)
    session[SIGNED_IN_AT] = timezone.now().isoformat()
    session.save()
    client = APIClient()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def citizen(db):
    return signed_in_client(PHONE)


def book(client, service, starts_at, window=None):
    return client.post(
        BOOK_URL,
        {
            "service_type": service.pk,
            "window": (window or service.window).pk,
            "starts_at": starts_at.isoformat(),
        },
        format="json",
    )
