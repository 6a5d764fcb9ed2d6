"""The Content-Security-Policy is sent and breaks nothing: the H5 page (import map,
长辈模式 snippet, photo previews) and the back office (dashboard, case list, login
lockouts) run under it with no violation reported. (The API docs page is checked
without a browser, tests/portal/test_security_headers.py: these tests collect no
Swagger UI files.)"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from departments.roles import SUPERVISOR_GROUP, ensure_role_groups
from tests.browser.helpers import photo_file, show, wait_for_screen

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "csp-browser-pass-1"
# Recorded from the first moment of every page, before any of its own scripts run.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watch(page):
    """Collect CSP violations from events and from the console."""
    page.add_init_script(LISTEN)
    page.console_reports = []
    page.on(
        "console",
        lambda message: (
            page.console_reports.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def violations(page) -> list[str]:
    return [*page.evaluate("() => window.__csp"), *page.console_reports]


def assert_policy(response):
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    return policy


def test_the_h5_page_runs_under_the_policy(open_page, demo_departments):
    page = watch(open_page(elder=True))

    response = page.goto(f"{page.base}/")
    wait_for_screen(page, "微政务")

    policy = assert_policy(response)
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    # Browsers hide a nonce from the DOM's attributes; the property keeps it.
    importmap = page.locator("script[type=importmap]")
    assert importmap.evaluate("(script) => script.nonce") == nonce
    # The inline 长辈模式 snippet ran, and the modules (through the map) did.
    assert page.evaluate("() => document.documentElement.hasAttribute('data-elder')")
    show(page, "/departments", "政府部门")
    show(page, "/submit/consultation", "我要咨询")
    page.locator("input[type=file]").set_input_files([photo_file()])
    page.get_by_text("已选 1 / 9 张").wait_for()
    preview = page.locator(".photo-list img").first
    preview.wait_for()
    assert preview.evaluate("(img) => img.complete && img.naturalWidth > 0")
    assert violations(page) == []


def test_an_injected_inline_script_is_refused(open_page, live):
    # What the policy is for: a script smuggled into the page does not run.
    page = watch(open_page())
    page.goto(f"{live}/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__pwned = true';
                   document.head.appendChild(s); }"""
    )

    assert page.evaluate("() => window.__pwned === undefined")
    assert any("script-src" in report for report in violations(page))


@pytest.fixture
def supervisor_user(live):
    ensure_role_groups()
    user = get_user_model().objects.create_user(
        username="csp_supervisor", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=SUPERVISOR_GROUP))
    return user


def test_the_back_office_runs_under_the_policy(
    browser, live, supervisor_user, answered_case
):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    page = watch(context.new_page())
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    login = page.goto(f"{live}/admin/login/")
    assert_policy(login)
    page.fill("#id_username", supervisor_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")

    for path in ("/admin/", "/admin/cases/case/", "/admin/axes/accessattempt/"):
        response = page.goto(f"{live}{path}")
        assert response.status == 200, path
        assert_policy(response)
        page.wait_for_load_state("load")
    # The case list's filters and actions are scripted: they still work.
    page.goto(f"{live}/admin/cases/case/")
    page.locator("#action-toggle").check()
    assert page.locator("tr.selected").count() >= 1

    reported = violations(page)
    context.close()
    assert errors == []
    assert reported == []
