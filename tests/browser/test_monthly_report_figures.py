"""月度考核通报 in Chromium, under the real CSP: the 打印 button works (a static
script, no inline handler), and on paper only the title and the table remain."""

import pytest

from tests.browser.admin_lists import OFFICE_SCREENS
from tests.dashboard.office_city import build_office_city

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

URL = "/admin/dashboard/monthly/?month=2026-11"


def test_the_report_prints_the_table_alone(
    browser, live, supervisor, department_a, department_b
):
    build_office_city(department_a, department_b)
    context = browser.new_context(
        viewport=OFFICE_SCREENS[0], locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(10_000)
    # Stands in for the print dialog, which a headless browser has not got.
    context.add_init_script("window.print = () => { window.__printed = true; };")
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live}/admin/login/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", "pass-12345!")
    page.click("input[type=submit]")
    page.goto(f"{live}{URL}")

    assert page.locator(".monthly-table").is_visible()
    assert department_a.name in page.locator(".monthly-table").inner_text()
    page.click("#monthly-print")
    assert page.evaluate("window.__printed") is True
    assert refused == []

    page.emulate_media(media="print")
    assert page.locator(".monthly-table").is_visible()
    assert page.locator(".monthly-title").is_visible()
    assert not page.locator("#header").is_visible()
    assert not page.locator(".monthly-picker").is_visible()
    context.close()
