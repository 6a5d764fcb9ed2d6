"""The error pages in a browser: a citizen's 404 looks like the H5 page and leads
back to 首页, an officer's 404 in the back office looks like the admin and leads
back to 后台首页; both axe-clean, with hashed static files as in production."""

import pytest

from tests.browser.admin_lists import PASSWORD, log_in
from tests.browser.helpers import axe_violations, small_targets, wait_for_screen

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_citizens_404_is_an_h5_page_that_leads_home(open_page, demo_departments):
    page = open_page()

    response = page.goto(f"{page.base}/no-such-page/")

    assert response.status == 404
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "页面不存在"
    # The H5 stylesheet really loaded (its hashed name resolved): the brand bar is blue.
    bar = page.evaluate(
        "getComputedStyle(document.querySelector('.bar')).backgroundColor"
    )
    assert bar == "rgb(19, 74, 150)"
    assert axe_violations(page) == []
    assert small_targets(page, 44) == []

    page.get_by_role("link", name="返回首页").click()
    wait_for_screen(page, "微政务")
    assert page.url.rstrip("/") == page.base


def test_an_officers_404_is_an_admin_page_that_leads_to_the_dashboard(
    browser, live, department_a, django_user_model
):
    from departments import services

    officer = django_user_model.objects.create_user(
        username="officer_a", password=PASSWORD
    )
    services.staff_grant(user=officer, department=department_a, role="officer")
    page = log_in(browser, live, officer)

    response = page.goto(f"{live}/admin/qr/")

    assert response.status == 404
    assert page.locator("#content h1").inner_text() == "页面不存在"
    assert page.locator("#site-name").inner_text() == "微政务管理后台"
    assert axe_violations(page) == []

    page.get_by_role("link", name="返回后台首页").click()
    page.wait_for_url(f"{live}/admin/")
    page.context.close()
