"""The visit: check-in on the day, 未到 by staff or by the night's job, 已办结 and
the citizen's one rating, counted in the department's satisfaction; the reminder
the day before, once; the contacts cleared after the keep period."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appointments import services
from appointments.models import Appointment, AppointmentEvent
from feedback import selectors as feedback_selectors
from feedback.services.rollups import rollups_rebuild
from notifications.models import Message
from tests.appointments.conftest import PHONE, at, book, signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("schedule", "monday")]
MONDAY = date(2026, 12, 7)


@pytest.fixture
def booking(service, citizen):
    number = book(citizen, service, at(MONDAY, 10)).json()["number"]
    return Appointment.objects.get(number=number)


def test_staff_check_in_on_the_day_and_finish_and_the_timeline_says_so(
    booking, officer_a, freeze_now
):
    freeze_now(at(MONDAY, 9, 50))
    services.appointment_check_in(appointment=booking, user=officer_a)
    services.appointment_done(appointment=booking, user=officer_a, note="已补办")
    booking.refresh_from_db()
    assert booking.status == "done"
    assert list(booking.events.values_list("action", flat=True)) == [
        "book",
        "check_in",
        "done",
    ]


def test_check_in_is_refused_on_another_day(service, citizen, officer_a):
    number = book(citizen, service, at(MONDAY + timedelta(days=1), 10)).json()["number"]
    with pytest.raises(ValidationError, match="预约当天"):
        services.appointment_check_in(
            appointment=Appointment.objects.get(number=number), user=officer_a
        )


def test_another_departments_officer_cannot_take_a_step(booking, officer_b):
    with pytest.raises(PermissionDenied):
        services.appointment_check_in(appointment=booking, user=officer_b)
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_the_nights_job_marks_what_was_missed_and_three_pause_the_phone(
    service, citizen, freeze_now
):
    numbers = []
    for offset in (0, 1, 2):
        day = MONDAY + timedelta(days=offset)
        numbers.append(book(citizen, service, at(day, 10)).json()["number"])
    freeze_now(at(MONDAY + timedelta(days=3), 0, 20))
    assert services.no_shows_mark() == 3
    assert set(
        Appointment.objects.filter(number__in=numbers).values_list("status", flat=True)
    ) == {"no_show"}
    response = book(citizen, service, at(MONDAY + timedelta(days=4), 9))
    assert response.status_code == 400
    assert "暂停网上预约" in response.json()["phone"][0]
    assert "2027年1月8日" in response.json()["phone"][0]


def test_a_finished_visit_is_rated_once_and_counts_in_satisfaction(
    booking, officer_a, freeze_now, citizen
):
    freeze_now(at(MONDAY, 9, 55))
    services.appointment_check_in(appointment=booking, user=officer_a)
    services.appointment_done(appointment=booking, user=officer_a)
    url = f"/api/v1/appointments/{booking.number}/evaluation/"
    first = citizen.post(url, {"level": 2, "comment": "排队太久"}, format="json")
    assert first.status_code == 201, first.content
    again = citizen.post(url, {"level": 5}, format="json")
    assert again.status_code == 400
    assert "只能评价一次" in str(again.json())

    department = booking.department_id
    rates = feedback_selectors.satisfaction_rates(department_ids=[department])
    assert rates[department]["rated"] == 1 and rates[department]["satisfied"] == 0
    rollups_rebuild()  # the rebuild finds the visit's rating too
    assert feedback_selectors.satisfaction_rates(department_ids=[department]) == rates
    assert (
        feedback_selectors.satisfaction_rates_raw(department_ids=[department]) == rates
    )


def test_a_visit_not_yet_finished_cannot_be_rated(booking, citizen):
    response = citizen.post(
        f"/api/v1/appointments/{booking.number}/evaluation/",
        {"level": 5},
        format="json",
    )
    assert response.status_code == 400
    assert "办结后" in str(response.json()["level"])


def test_the_reminder_the_day_before_is_sent_once(
    service, citizen, templates, freeze_now
):
    book(citizen, service, at(MONDAY + timedelta(days=1), 10))
    freeze_now(at(MONDAY, 16))
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    reminder = Message.objects.get(event="appointment.reminder")
    assert "12月8日（周二）10:00-10:30" in reminder.text


def test_contacts_are_cleared_after_the_keep_period(booking, settings, freeze_now):
    settings.APPOINTMENT_CONTACT_KEEP_DAYS = 90
    freeze_now(at(MONDAY + timedelta(days=90), 3))
    assert services.contacts_clear() == 0
    freeze_now(at(MONDAY + timedelta(days=91), 3))
    assert services.contacts_clear() == 1
    booking.refresh_from_db()
    assert (booking.name, booking.phone, booking.phone_hash) == ("", "", "")
    assert booking.number  # the record stays, for the figures


def test_a_closure_cancels_the_bookings_it_covers_and_tells_each_citizen(
    service, citizen, officer_a, templates
):
    morning = book(citizen, service, at(MONDAY + timedelta(days=1), 10)).json()[
        "number"
    ]
    afternoon = book(
        signed_in_client("13900000001"), service, at(MONDAY + timedelta(days=1), 15)
    ).json()["number"]
    _closure, cancelled = services.closure_enter(
        window=service.window,
        day=MONDAY + timedelta(days=1),
        starts_at=at(MONDAY, 9).time(),
        ends_at=at(MONDAY, 12).time(),
        reason="系统升级",
        user=officer_a,
    )
    assert cancelled == 1
    assert Appointment.objects.get(number=morning).status == "cancelled"
    assert Appointment.objects.get(number=afternoon).status == "booked"
    message = Message.objects.get(event="appointment.window_cancelled")
    assert "系统升级" in message.text and morning in message.text
    event = AppointmentEvent.objects.get(action="window_cancel")
    assert event.actor == officer_a
    assert PHONE not in str(event.data) + event.note
