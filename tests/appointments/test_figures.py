"""The dashboard's 预约 figures: bookings per window and day, seat use, the no-show
rate and the pre-check pass rate, within the user's departments."""

from datetime import date

import pytest

from appointments import selectors, services
from appointments.models import Appointment, MaterialCheck
from tests.appointments.conftest import at, book, signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("schedule", "monday")]
MONDAY = date(2026, 12, 7)


def _bookings(service, count, day=MONDAY, hour=11):
    return [
        Appointment.objects.get(
            number=book(
                signed_in_client(f"1390000{n:04d}"), service, at(day, hour)
            ).json()["number"]
        )
        for n in range(count)
    ]


def test_the_figures_count_what_the_windows_did(service, officer_a, freeze_now):
    came, missed, cancelled = _bookings(service, 3)
    cancelled_phone = "13900000002"
    response = signed_in_client(cancelled_phone).post(
        f"/api/v1/appointments/{cancelled.number}/cancel/", {}, format="json"
    )
    assert response.status_code == 200
    freeze_now(at(MONDAY, 11, 5))
    services.appointment_check_in(appointment=came, user=officer_a)
    services.appointment_no_show(appointment=missed, user=officer_a)
    MaterialCheck.objects.create(
        appointment=came,
        material="身份证原件",
        image="a",
        thumbnail="b",
        uploaded_at=at(MONDAY, 9),
        result="passed",
    )
    MaterialCheck.objects.create(
        appointment=came,
        material="一寸照片",
        image="c",
        thumbnail="d",
        uploaded_at=at(MONDAY, 9),
        result="needs_fix",
    )

    figures = selectors.booking_figures(start=MONDAY, end=MONDAY)
    # Monday: 12 slots of 3 seats; two bookings stand (one cancelled).
    assert figures["seats_offered"] == 36
    assert figures["booked"] == 2
    assert figures["seat_use"] == round(100 * 2 / 36, 1)
    assert figures["no_show_rate"] == 50.0
    assert figures["precheck_pass_rate"] == 50.0
    assert figures["per_window_day"] == [
        {
            "window_id": service.window_id,
            "window": "社保窗口",
            "day": MONDAY,
            "count": 2,
        }
    ]
    other = selectors.booking_figures(
        department_ids=[service.window.department_id + 1000], start=MONDAY, end=MONDAY
    )
    assert (other["booked"], other["seats_offered"]) == (0, 0)


def test_the_dashboard_shows_the_panel(service, login, officer_a):
    _bookings(service, 2)
    page = login(officer_a).get(
        "/admin/", {"date_from": "2026-12-07", "date_to": "2026-12-07"}
    )
    text = page.content.decode()
    assert "预约办事" in text and "名额使用率" in text
    assert "各窗口每日预约数" in text and "社保窗口" in text
