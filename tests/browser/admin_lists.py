"""What the back-office list tests share: the demo back office, logging in on an
office screen, and where the list's header cells end up."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases import services
from cases.demo import seed_cases
from cases.models import Case
from departments.demo import seed_departments
from feedback.demo import seed_feedback
from kernel.workdays import SHANGHAI
from portal.demo_users import seed_demo_staff
from tests.cases.helpers import submit_case

PASSWORD = "pass-12345!"

# The office screens the list must fit, with the admin's menu open.
OFFICE_SCREENS = [{"width": 1280, "height": 800}, {"width": 1366, "height": 768}]

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const results = document.querySelector('#changelist .results');
    // A cell is seen up to the viewport's edge, or the table's scroll box's.
    const edge = Math.min(width, results.getBoundingClientRect().right);
    const headers = [...document.querySelectorAll('#result_list thead th')];
    return {
        width,
        headers: headers.map((th) => th.innerText.trim()),
        off_screen: headers
            .filter((th) => th.getBoundingClientRect().right > edge + 0.5)
            .map((th) => `${th.innerText.trim()} ${Math.round(th.getBoundingClientRect().right)}`),
        page_scrolls: document.documentElement.scrollWidth > width,
        table_scrolls: results.scrollWidth > results.clientWidth,
    };
}"""


def demo_back_office() -> dict:
    """The demo departments, cases, ratings (with 差评整改) and staff, and two more
    cases of 劳动和社会保障局: one late and supervised, one due today (the widest
    cells). Staff log in with PASSWORD."""
    departments = {d.code: d for d in seed_departments()}
    seed_cases(rounds=1)
    seed_feedback()
    seed_demo_staff()
    late = submit_case(
        kind="complaint",
        department=departments["hrss"],
        title="用人单位拖欠农民工工资三个月仍未支付",
        content="公司已经拖欠我们三个月工资，多次讨要未果。",
        now=timezone.now() - timedelta(days=30),
    ).case
    supervisor = get_user_model().objects.get(username="supervisor")
    services.case_supervise(case=late, actor=supervisor, note="请加快办理。")
    # And one due by the end of today: the widest deadline (…24小时内到期).
    due_soon = submit_case(department=departments["hrss"], title="社保转移接续咨询")
    end_of_today = datetime.combine(
        timezone.localdate(), time(23, 59, 59, 999999), tzinfo=SHANGHAI
    )
    Case.objects.filter(pk=due_soon.case.pk).update(due_at=end_of_today)
    users = {}
    for user in get_user_model().objects.filter(
        username__in=["hrss_officer", "hrss_head", "supervisor"]
    ):
        user.set_password(PASSWORD)
        user.save()
        users[user.username] = user
    return {**departments, **users}


def log_in(browser, live, user, *, viewport=None):
    """A page in a fresh desktop context, logged in to the back office as `user`."""
    context = browser.new_context(
        viewport=viewport or OFFICE_SCREENS[0],
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        # axe-core is injected as an inline script, which the admin's CSP refuses.
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    return page


def header_overflow(page) -> dict:
    """The list's header texts, those whose right edge is past the viewport, and
    whether the page or the table scrolls sideways."""
    return page.evaluate(OVERFLOW)
