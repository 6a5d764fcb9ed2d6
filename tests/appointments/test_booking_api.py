"""Booking through the API: choose a service, a window, a day and a slot, book it
signed in, get a number, a QR code, the materials and a calendar file; cancel
and move; every booking that cannot be made is a 400 naming the field, with
nothing saved."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from appointments.models import Appointment, AppointmentEvent, Closure, SlotCount
from notifications.models import Message
from tests.appointments.conftest import (
    BOOK_URL,
    OTHER_PHONE,
    PHONE,
    at,
    book,
    signed_in_client,
)
from tests.factories import ServiceTypeFactory, ServiceWindowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("schedule", "monday")]
TUESDAY = date(2026, 12, 8)


def test_a_citizen_finds_the_service_its_window_days_and_slots(api_client, service):
    services = api_client.get("/api/v1/appointments/services/").json()
    assert [s["name"] for s in services] == ["社保卡补办"]
    assert services[0]["materials"] == ["身份证原件", "一寸照片"]

    windows = api_client.get(
        "/api/v1/appointments/windows/", {"service_type": service.pk}
    ).json()
    assert [w["name"] for w in windows] == ["社保窗口"]
    days = {d["date"]: d for d in windows[0]["days"]}
    assert len(days) == 8  # today and seven days ahead
    assert days["2026-12-07"]["seats_left"] == 12 * 3
    assert days["2026-12-12"]["slots"] == 0  # Saturday

    slots = api_client.get(
        "/api/v1/appointments/slots/",
        {"service_type": service.pk, "window": service.window.pk, "date": "2026-12-08"},
    ).json()
    assert slots[0]["starts_at"] == "2026-12-08T09:00:00+08:00"
    assert (slots[0]["seats"], slots[0]["left"], slots[0]["full"]) == (3, 3, False)
    assert len(slots) == 12


def test_booking_answers_a_gapless_number_the_materials_and_the_links(
    service, citizen, templates, settings
):
    settings.PORTAL_PUBLIC_URL = "https://wzw.example.gov.cn"
    first = book(citizen, service, at(TUESDAY, 9))
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["number"] == "YY-20261207-0001"
    assert body["status_label"] == "已预约"
    assert body["materials"] == ["身份证原件", "一寸照片"]
    assert body["time_text"] == "12月8日（周二）09:00-09:30"
    assert body["address"] == service.window.department.address
    assert body["can_change"] is True

    second = book(signed_in_client(OTHER_PHONE), service, at(TUESDAY, 9))
    assert second.json()["number"] == "YY-20261207-0002"

    booking = Appointment.objects.get(number=body["number"])
    assert booking.phone == PHONE and booking.day == TUESDAY
    assert SlotCount.objects.get(starts_at=at(TUESDAY, 9)).booked == 2
    assert list(booking.events.values_list("action", flat=True)) == ["book"]
    message = Message.objects.get(
        event="appointment.booked", about__endswith=f":{booking.pk}"
    )
    assert (
        "YY-20261207-0001" in message.text
        and "12月8日（周二）09:00-09:30" in message.text
    )


def test_the_qr_code_and_the_calendar_file_are_the_owners_only(service, citizen):
    number = book(citizen, service, at(TUESDAY, 10)).json()["number"]
    qr = citizen.get(reverse("v1:me-appointment-qr", args=[number]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content

    ics = citizen.get(reverse("v1:me-appointment-calendar", args=[number]))
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert "DTSTART;TZID=Asia/Shanghai:20261208T100000" in text
    assert f"UID:{number}@weizhengwu" in text
    assert "身份证原件" in text

    stranger = signed_in_client(OTHER_PHONE)
    assert (
        stranger.get(reverse("v1:me-appointment-qr", args=[number])).status_code == 404
    )
    assert stranger.get(f"/api/v1/me/appointments/{number}/").status_code == 404


def test_my_appointments_lists_the_phones_bookings_only(service, citizen):
    book(citizen, service, at(TUESDAY, 9))
    book(signed_in_client(OTHER_PHONE), service, at(TUESDAY, 9))
    mine = citizen.get("/api/v1/me/appointments/").json()
    assert [a["number"] for a in mine["results"]] == ["YY-20261207-0001"]


def test_booking_needs_a_phone_sign_in(api_client, service):
    response = book(api_client, service, at(TUESDAY, 9))
    assert response.status_code == 403
    assert "登录" in response.json()["detail"]
    assert not Appointment.objects.exists()


def _refused(client, service, starts_at, field, words, window=None):
    before = (
        Appointment.objects.count(),
        SlotCount.objects.filter(booked__gt=0).count(),
    )
    response = book(client, service, starts_at, window=window)
    assert response.status_code == 400, response.content
    errors = (
        response.json()["errors"] if "errors" in response.json() else response.json()
    )
    assert field in errors, errors
    assert words in str(errors[field])
    after = (
        Appointment.objects.count(),
        SlotCount.objects.filter(booked__gt=0).count(),
    )
    assert after == before


def test_a_slot_in_the_past_is_refused(service, citizen):
    _refused(citizen, service, at(date(2026, 12, 4), 9), "starts_at", "过去")


def test_a_slot_beyond_the_horizon_is_refused(service, citizen):
    _refused(citizen, service, at(date(2026, 12, 15), 9), "starts_at", "7 天内")


def test_a_weekend_or_holiday_is_refused(service, citizen):
    _refused(citizen, service, at(date(2026, 12, 12), 9), "starts_at", "节假日")


def test_a_closed_day_is_refused(service, citizen, window):
    Closure.objects.create(window=window, day=TUESDAY, reason="系统升级")
    _refused(citizen, service, at(TUESDAY, 9), "starts_at", "暂停办理")


def test_a_time_that_is_no_slot_is_refused(service, citizen):
    _refused(citizen, service, at(TUESDAY, 9, 10), "starts_at", "列出的时段")


def test_a_full_slot_is_refused_with_yi_yue_man(service):
    for n in range(3):
        assert (
            book(
                signed_in_client(f"1390000000{n}"), service, at(TUESDAY, 9)
            ).status_code
            == 201
        )
    _refused(
        signed_in_client(OTHER_PHONE), service, at(TUESDAY, 9), "starts_at", "已约满"
    )


def test_a_service_not_bookable_at_that_window_is_refused(
    service, citizen, department_a
):
    other = ServiceWindowFactory(department=department_a)
    _refused(citizen, service, at(TUESDAY, 9), "window", "不能在此窗口", window=other)


def test_a_service_that_takes_no_bookings_is_refused(citizen, window):
    walk_only = ServiceTypeFactory(window=window, by_appointment=False)
    _refused(citizen, walk_only, at(TUESDAY, 9), "service_type", "不支持预约")


def test_a_second_active_booking_of_the_service_on_the_day_is_refused(service, citizen):
    assert book(citizen, service, at(TUESDAY, 9)).status_code == 201
    _refused(citizen, service, at(TUESDAY, 14), "service_type", "每天只能有一个")
    # Another day is fine.
    assert book(citizen, service, at(TUESDAY + timedelta(days=1), 9)).status_code == 201


def test_a_phone_with_three_no_shows_in_90_days_is_paused_with_the_reason(
    service, citizen
):
    for days_ago in (5, 20, 40):
        day = date(2026, 12, 7) - timedelta(days=days_ago)
        Appointment.objects.create(
            number=f"YY-old-{days_ago}",
            service_type=service,
            window=service.window,
            department=service.window.department,
            day=day,
            starts_at=at(day, 9),
            ends_at=at(day, 9, 30),
            status=Appointment.Status.NO_SHOW,
            phone=PHONE,
            phone_hash=__import__("citizens.codes", fromlist=["x"]).phone_hash(PHONE),
            created_at=at(day, 8),
        )
    # The last no-show was 2 December: paused until 1 January.
    _refused(citizen, service, at(TUESDAY, 9), "phone", "2027年1月1日")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"window": 1, "starts_at": "2026-12-08T09:00:00+08:00"}, "service_type"),
        (
            {"service_type": "x", "window": 1, "starts_at": "2026-12-08T09:00"},
            "service_type",
        ),
        ({"service_type": 1, "window": 1, "starts_at": "明天"}, "starts_at"),
        (
            {"service_type": 1, "window": 2**70, "starts_at": "2026-12-08T09:00"},
            "window",
        ),
    ],
)
def test_malformed_bodies_are_400_naming_the_field(citizen, body, field):
    response = citizen.post(BOOK_URL, body, format="json")
    assert response.status_code == 400
    assert field in str(response.json())


def test_the_citizen_cancels_and_the_seat_is_free_again(service, citizen):
    number = book(citizen, service, at(TUESDAY, 9)).json()["number"]
    response = citizen.post(f"/api/v1/appointments/{number}/cancel/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert SlotCount.objects.get(starts_at=at(TUESDAY, 9)).booked == 0
    # Cancelled, the service can be booked again that day.
    assert book(citizen, service, at(TUESDAY, 10)).status_code == 201


def test_cancelling_is_refused_close_to_the_slot(service, citizen, freeze_now):
    number = book(citizen, service, at(date(2026, 12, 7), 10)).json()["number"]
    freeze_now(at(date(2026, 12, 7), 8, 30))  # 90 minutes before; the rule is 120
    response = citizen.post(f"/api/v1/appointments/{number}/cancel/", {}, format="json")
    assert response.status_code == 400
    assert "120 分钟" in str(response.json())
    assert Appointment.objects.get(number=number).status == "booked"


def test_moving_takes_the_new_seat_gives_back_the_old_and_tells_the_citizen(
    service, citizen, templates
):
    number = book(citizen, service, at(TUESDAY, 9)).json()["number"]
    response = citizen.post(
        f"/api/v1/appointments/{number}/move/",
        {"starts_at": at(TUESDAY + timedelta(days=1), 14).isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["time_text"] == "12月9日（周三）14:00-14:30"
    assert SlotCount.objects.get(starts_at=at(TUESDAY, 9)).booked == 0
    assert (
        SlotCount.objects.get(starts_at=at(TUESDAY + timedelta(days=1), 14)).booked == 1
    )
    booking = Appointment.objects.get(number=number)
    assert booking.events.filter(action=AppointmentEvent.Action.MOVE).exists()
    assert Message.objects.filter(event="appointment.moved").count() == 1


def test_moving_into_a_full_slot_keeps_the_old_booking(service, citizen):
    number = book(citizen, service, at(TUESDAY, 9)).json()["number"]
    for n in range(3):
        book(signed_in_client(f"1390000000{n}"), service, at(TUESDAY, 10))
    response = citizen.post(
        f"/api/v1/appointments/{number}/move/",
        {"starts_at": at(TUESDAY, 10).isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "已约满" in str(response.json())
    booking = Appointment.objects.get(number=number)
    assert booking.starts_at == at(TUESDAY, 9)
    assert SlotCount.objects.get(starts_at=at(TUESDAY, 9)).booked == 1


def test_another_phones_booking_cannot_be_cancelled(service, citizen):
    number = book(citizen, service, at(TUESDAY, 9)).json()["number"]
    stranger = signed_in_client(OTHER_PHONE)
    response = stranger.post(
        f"/api/v1/appointments/{number}/cancel/", {}, format="json"
    )
    assert response.status_code == 404
    assert Appointment.objects.get(number=number).status == "booked"


def test_a_booking_costs_a_bounded_number_of_queries(
    service, citizen, django_assert_max_num_queries
):
    book(citizen, service, at(TUESDAY, 9))  # the counter row exists after one
    # The session; the service type, the window's schedule and sessions, the
    # closures, the no-show pause; in the transaction the slot's row (insert,
    # update), the booking, its event, the number (counter, update), the outbox
    # (template, daily cap, the message, its savepoint), the delivery's task row.
    other = signed_in_client(OTHER_PHONE)
    with django_assert_max_num_queries(20):
        response = book(other, service, at(TUESDAY, 9))
    assert response.status_code == 201
    assert response.json()["precheck"] == [] and response.json()["rating"] is None
