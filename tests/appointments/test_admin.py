"""The window staff's back office: their departments' bookings only, check-in by
number or scan, 现场登记, today's printable list, closures that cancel and tell,
the pre-check step, and personal data shown to the window's own staff only."""

from datetime import date

import pytest
from django.urls import reverse

from appointments.models import Appointment, Closure, MaterialCheck
from notifications.models import Message
from tests.appointments.conftest import PHONE, at, book
from tests.cases.helpers import photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("schedule", "monday")]
MONDAY = date(2026, 12, 7)


@pytest.fixture
def booking(service, citizen):
    response = citizen.post(
        "/api/v1/appointments/",
        {
            "service_type": service.pk,
            "window": service.window.pk,
            "starts_at": at(MONDAY, 10).isoformat(),
            "name": "张三",
        },
        format="json",
    )
    return Appointment.objects.get(number=response.json()["number"])


def _change_url(booking):
    return reverse("admin:appointments_appointment_change", args=[booking.pk])


def test_an_officer_sees_their_windows_bookings_and_not_another_departments(
    booking, login, officer_a, officer_b
):
    page = login(officer_a).get(reverse("admin:appointments_appointment_changelist"))
    assert page.status_code == 200
    assert booking.number in page.content.decode()
    assert PHONE not in page.content.decode()  # masked in the list
    other = login(officer_b)
    assert other.get(_change_url(booking)).status_code == 404
    listing = other.get(reverse("admin:appointments_appointment_changelist"))
    assert booking.number not in listing.content.decode()


def test_the_windows_staff_see_the_citizen_in_full_and_a_supervisor_masked(
    booking, login, officer_a, supervisor
):
    assert PHONE in login(officer_a).get(_change_url(booking)).content.decode()
    page = login(supervisor).get(_change_url(booking)).content.decode()
    assert PHONE not in page and "138****5678" in page


def test_check_in_by_the_number_a_scanner_types(booking, login, officer_a):
    client = login(officer_a)
    url = reverse("admin:appointments_appointment_check_in")
    response = client.post(url, {"number": f" {booking.number.lower()} "}, follow=True)
    assert "已签到" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "arrived"
    again = client.post(url, {"number": booking.number})
    assert "不能执行此操作" in again.content.decode()


def test_check_in_of_another_departments_number_looks_unknown(
    booking, login, officer_b
):
    response = login(officer_b).post(
        reverse("admin:appointments_appointment_check_in"), {"number": booking.number}
    )
    assert "未找到该预约号" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_a_walk_in_takes_the_next_free_slot_of_today(
    service, login, officer_a, freeze_now
):
    freeze_now(at(MONDAY, 10, 10))
    response = login(officer_a).post(
        reverse("admin:appointments_appointment_walk_in"),
        {
            "window": service.window.pk,
            "service_type": service.pk,
            "name": "李四",
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    walk_in = Appointment.objects.get(channel="walk_in")
    # The slot under way (10:00–10:30) still has seats.
    assert walk_in.starts_at == at(MONDAY, 10)
    assert walk_in.status == "arrived" and walk_in.phone == ""


def test_todays_list_is_in_slot_order_with_names_for_the_windows_staff(
    service, citizen, booking, login, officer_a
):
    from tests.appointments.conftest import signed_in_client

    book(signed_in_client("13900000002"), service, at(MONDAY, 9, 30))
    page = login(officer_a).get(
        reverse("admin:appointments_appointment_today"), {"window": service.window.pk}
    )
    text = page.content.decode()
    assert "共 2 个预约" in text
    assert text.index("09:30-10:00") < text.index("10:00-10:30")
    assert "张三" in text and PHONE not in text  # the printout masks the phone
    assert "data-print" in text


def test_a_closure_entered_in_the_admin_cancels_and_notifies(
    booking, service, login, officer_a, templates
):
    response = login(officer_a).post(
        reverse("admin:appointments_closure_add"),
        {
            "window": service.window.pk,
            "day": "2026-12-07",
            "starts_at": "",
            "ends_at": "",
            "reason": "停电检修",
        },
        follow=True,
    )
    assert "取消预约 1 个" in response.content.decode()
    assert Closure.objects.count() == 1
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert Message.objects.filter(event="appointment.window_cancelled").count() == 1


def test_a_closure_for_a_past_day_is_refused_on_the_form(service, login, officer_a):
    response = login(officer_a).post(
        reverse("admin:appointments_closure_add"),
        {"window": service.window.pk, "day": "2026-12-01", "reason": "x"},
    )
    assert response.status_code == 200
    assert "不能登记过去日期的停办" in response.content.decode()
    assert not Closure.objects.exists()


def test_the_precheck_step_marks_the_photos(
    booking, citizen, login, officer_a, templates
):
    citizen.post(
        f"/api/v1/appointments/{booking.number}/materials/",
        {"material": "身份证原件", "photo": photo()},
        format="multipart",
    )
    check = MaterialCheck.objects.get()
    client = login(officer_a)
    page = client.get(_change_url(booking)).content.decode()
    assert "预检材料" in page
    photo_url = reverse(
        "admin:appointments_appointment_photo", args=[booking.pk, check.pk]
    )
    assert client.get(photo_url).status_code == 200
    step = reverse("admin:appointments_appointment_step", args=[booking.pk, "precheck"])
    client.post(
        step, {f"precheck-result_{check.pk}": "passed", f"precheck-note_{check.pk}": ""}
    )
    check.refresh_from_db()
    assert check.result == "passed" and check.checked_by == officer_a


def test_another_department_cannot_open_the_precheck_photo(
    booking, citizen, login, officer_b
):
    citizen.post(
        f"/api/v1/appointments/{booking.number}/materials/",
        {"material": "身份证原件", "photo": photo()},
        format="multipart",
    )
    check = MaterialCheck.objects.get()
    url = reverse("admin:appointments_appointment_photo", args=[booking.pk, check.pk])
    assert login(officer_b).get(url).status_code == 404


def test_the_done_step_offers_the_rating_by_sms(
    booking, login, officer_a, freeze_now, templates
):
    freeze_now(at(MONDAY, 9, 58))
    client = login(officer_a)
    client.post(
        reverse("admin:appointments_appointment_step", args=[booking.pk, "check_in"])
    )
    client.post(
        reverse("admin:appointments_appointment_step", args=[booking.pk, "done"]),
        {"done-note": ""},
    )
    booking.refresh_from_db()
    assert booking.status == "done"
    assert Message.objects.filter(event="appointment.done").count() == 1
    assert list(booking.events.values_list("action", flat=True)) == [
        "book",
        "check_in",
        "done",
    ]
