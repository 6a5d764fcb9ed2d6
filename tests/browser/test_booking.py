"""预约办事 in real Chromium, in both modes: from a service's guide to a slot with
its seats left, the phone sign-in inside the flow, the booking with its number,
QR code and materials, the pre-check upload, and cancelling; axe clean at each
step, nothing wider than the phone."""

import re
from datetime import datetime

import pytest

from appointments.models import Appointment, MaterialCheck
from kernel.workdays import SHANGHAI
from tests.browser.helpers import axe_violations, photo_file, show, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = "13812345678"
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def bookable(demo_departments, freeze_now, settings):
    """The demo windows open for bookings, on Monday 7 December 2026 at 08:00, SMS
    delivered at once into locmem."""
    from appointments.demo import seed_appointments
    from notifications.backends import locmem
    from notifications.models import MessageTemplate

    freeze_now(datetime(2026, 12, 7, 8, 0, tzinfo=SHANGHAI))
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    MessageTemplate.objects.filter(event="citizen.login_code").update(active=True)
    seed_appointments()
    locmem.outbox.clear()
    service = demo_departments["hrss"].windows.first().service_types.first()
    return service


def last_code():
    from notifications.backends import locmem

    sent = [m for m in locmem.outbox if m.recipient == PHONE]
    assert sent, "no login code was sent"
    return re.search(r"\d{6}", sent[-1].text).group()


def assert_fits_and_passes_axe(page, elder):
    assert page.evaluate(PAGE_WIDTH) <= page.viewport_size["width"]
    assert axe_violations(page) == []
    assert small_targets(page, 60 if elder else 44) == []


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_a_citizen_books_a_slot_signs_in_on_the_way_and_gets_the_number(
    open_page, bookable, elder
):
    page = open_page(elder=elder, viewport={"width": 360, "height": 800})
    show(page, f"/book?service={bookable.pk}", "预约办事")
    form = page.locator("main form").first
    form.get_by_text("12月8日（周二）").click()
    form.get_by_text("09:00-09:30").click()
    page.get_by_role("heading", name="请携带以下材料").wait_for()
    assert_fits_and_passes_axe(page, elder)

    sign_in = page.locator("main form").nth(1)
    sign_in.get_by_label("手机号").fill(PHONE)
    sign_in.get_by_role("button", name="获取验证码").click()
    page.get_by_text("验证码已发送").wait_for()
    sign_in.get_by_label("验证码").fill(last_code())
    sign_in.get_by_role("button", name="登录").click()

    page.get_by_role("button", name="确认预约").wait_for()
    page.get_by_label("姓名").fill("张三")
    page.get_by_role("button", name="确认预约").click()
    page.get_by_role("heading", name="预约详情").wait_for()
    booking = Appointment.objects.get()
    main = page.locator("main").inner_text()
    assert booking.number in main
    assert "12月8日（周二）09:00-09:30" in main
    page.wait_for_function(
        "() => document.querySelector('img.booking-qr').naturalWidth > 0"
    )
    assert_fits_and_passes_axe(page, elder)


def test_the_booking_takes_a_precheck_photo_and_is_cancelled(open_page, bookable):
    from appointments import services

    booking = services.appointment_book(
        request=services.BookingRequest(
            service_type_id=bookable.pk,
            window_id=bookable.window_id,
            starts_at=datetime(2026, 12, 8, 10, 0, tzinfo=SHANGHAI),
            phone=PHONE,
        )
    )
    page = open_page()
    show(page, "/appointments", "我的预约")
    sign_in = page.locator("main form")
    sign_in.get_by_label("手机号").fill(PHONE)
    sign_in.get_by_role("button", name="获取验证码").click()
    page.get_by_text("验证码已发送").wait_for()
    sign_in.get_by_label("验证码").fill(last_code())
    sign_in.get_by_role("button", name="登录").click()
    page.get_by_role("link", name=re.compile(booking.number)).click()
    page.get_by_role("heading", name="所需材料与预检").wait_for()

    material = bookable.materials_list[0]
    upload = page.locator("form", has=page.get_by_role("button", name="上传预检材料"))
    upload.get_by_text(material, exact=True).click()
    upload.get_by_label("材料照片").set_input_files(photo_file())
    upload.get_by_role("button", name="上传预检材料").click()
    page.locator(".precheck-pending").wait_for()
    assert MaterialCheck.objects.filter(appointment=booking).count() == 1
    assert axe_violations(page) == []

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="取消预约").click()
    page.locator(".status-cancelled").wait_for()
    booking.refresh_from_db()
    assert booking.status == "cancelled"
