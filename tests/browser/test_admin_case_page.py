"""The case page on an office screen: status, deadline and the steps allowed now are
in the first viewport (they were at the bottom of a 2,700 px page), and 转办, 退回
and 不予受理 ask before they are sent."""

import pytest

from cases import services
from cases.models import Case
from departments import services as department_services
from tests.browser.helpers import AXE, axe_violations
from tests.cases.helpers import photo, submit_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pass-12345!"
# The steps offered on an accepted case with a pending extension request.
# The 12345 steps offered on an accepted case come after the base ones, in the
# order of their page modules (cases/admin/steps.py).
_12345 = ["标记紧急", "指定承办人", "发起协办", "请市民补充材料", "并单", "拆分"]
STEPS = {
    "officer": ["答复", "转办", "退回", "不予受理", "内部备注", *_12345],
    "supervisor": [
        *["答复", "转办", "退回", "不予受理", "审批延期", "督办", "内部备注"],
        *_12345,
        *["催办", "通报"],
    ],
}

# Where the handling panel's parts are, relative to the first viewport.
PANEL = """() => {
    const inView = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.top >= 0 && box.bottom <= innerHeight
            && box.left >= 0 && box.right <= innerWidth;
    };
    const state = [...document.querySelectorAll('.case-state > div')];
    const steps = [...document.querySelectorAll('.case-steps summary')];
    return {
        scrollY: scrollY,
        state: state.map((el) => [el.innerText.replace(/\\s+/g, ' ').trim(), inView(el)]),
        steps: steps.map((el) => [el.textContent.trim(), inView(el)]),
    };
}"""


@pytest.fixture
def staff(django_user_model, demo_departments):
    """An officer of 劳动和社会保障局 and a supervisor, with passwords."""
    from django.contrib.auth.models import Group

    from departments.roles import SUPERVISOR_GROUP, ensure_role_groups

    officer = django_user_model.objects.create_user(
        username="hrss_officer", password=PASSWORD, first_name="伟", last_name="张"
    )
    department_services.staff_grant(
        user=officer, department=demo_departments["hrss"], role="officer"
    )
    ensure_role_groups()
    supervisor = django_user_model.objects.create_user(
        username="supervisor", password=PASSWORD, is_staff=True
    )
    supervisor.groups.add(Group.objects.get(name=SUPERVISOR_GROUP))
    return {"officer": officer, "supervisor": supervisor}


@pytest.fixture
def case(demo_departments, staff):
    """A complaint with a long text, photos and a pending extension request, so the
    supervisor is offered every step an open case has."""
    case = submit_case(
        kind=Case.Kind.COMPLAINT,
        department=demo_departments["hrss"],
        title="公司拖欠工资三个月请求帮助",
        content="公司已经拖欠我们三个月工资，多次讨要未果，请求劳动监察部门介入处理。"
        * 12,
        photos=[photo(), photo(name="b.jpg"), photo(name="c.jpg")],
    ).case
    services.case_transition(
        case=case, to_status=Case.Status.ACCEPTED, actor=staff["officer"]
    )
    services.extension_request(
        case=case, actor=staff["officer"], days=3, reason="需调取用人单位工资台账"
    )
    return case


def _open_case(browser, live, user, case, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(10_000)
    # axe-core arrives as an init script, which the admin's Content-Security-Policy
    # does not govern, so the page itself runs under the real policy (its script
    # must come from /static/, as in production).
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    page.goto(f"{live}/admin/cases/case/{case.pk}/change/")
    page.errors = errors
    return context, page


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 1366, "height": 768}]
)
@pytest.mark.parametrize("role", ["officer", "supervisor"])
def test_status_deadline_and_steps_are_in_the_first_viewport(
    browser, live, staff, case, viewport, role
):
    context, page = _open_case(browser, live, staff[role], case, viewport)
    panel = page.evaluate(PANEL)
    violations = axe_violations(page)
    context.close()

    assert panel["scrollY"] == 0
    labels = [text for text, _ in panel["state"]]
    assert labels[0].startswith("状态 已受理")
    assert labels[1].startswith("办理时限")
    assert all(visible for _, visible in panel["state"]), panel["state"]
    assert panel["steps"] == [[label, True] for label in STEPS[role]], panel["steps"]
    assert not violations
    assert not page.errors


def _fill_transfer(page, department_name):
    page.click(".case-steps summary:text-is('转办')")
    page.select_option("#id_transfer-to_department", label=department_name)
    page.fill("#id_transfer-reason", "拖欠工资属于劳动监察，但本件涉及环保排放")
    page.click("form[action$='/step/transfer/'] input[type=submit]")


def test_transfer_asks_first_and_cancelling_sends_nothing(
    browser, live, staff, case, demo_departments
):
    receiver = demo_departments["eeb"]
    context, page = _open_case(
        browser, live, staff["officer"], case, {"width": 1280, "height": 800}
    )
    change_url = page.url

    _fill_transfer(page, receiver.name)
    dialog = page.locator("#step-confirm")
    dialog.wait_for(state="visible")
    question = dialog.inner_text()
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    violations = axe_violations(page)
    dialog.get_by_role("button", name="取消").click()
    dialog.wait_for(state="hidden")
    cancelled_url = page.url
    case.refresh_from_db()
    department_after_cancel = case.department

    # Esc cancels too.
    page.click("form[action$='/step/transfer/'] input[type=submit]")
    dialog.wait_for(state="visible")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    case.refresh_from_db()
    department_after_escape = case.department

    page.click("form[action$='/step/transfer/'] input[type=submit]")
    dialog.get_by_role("button", name="确认转办").click()
    page.wait_for_url("**/admin/cases/case/")
    message = page.locator(".messagelist").inner_text()
    context.close()

    assert receiver.name in question and "转办" in question
    assert focused == "取消"
    assert not violations
    assert cancelled_url == change_url
    assert (
        department_after_cancel == department_after_escape == demo_departments["hrss"]
    )
    assert f"已转办至 {receiver.name}" in message
    case.refresh_from_db()
    assert case.department == receiver
    assert not page.errors


@pytest.mark.parametrize("step", ["send_back", "reject"])
def test_send_back_and_reject_ask_first(browser, live, staff, case, step):
    context, page = _open_case(
        browser, live, staff["officer"], case, {"width": 1366, "height": 768}
    )
    label = {"send_back": "退回", "reject": "不予受理"}[step]

    page.click(f".case-steps summary:text-is('{label}')")
    page.fill(f"#id_{step}-reason", "不属于本部门受理范围")
    if step == "send_back":  # 退单 needs its basis too (issue 18)
        page.fill("#id_send_back-basis", "职责清单未列此项")
    page.click(f"form[action$='/step/{step}/'] input[type=submit]")
    dialog = page.locator("#step-confirm")
    dialog.wait_for(state="visible")
    dialog.get_by_role("button", name="取消").click()
    dialog.wait_for(state="hidden")
    case.refresh_from_db()
    context.close()

    assert case.status == Case.Status.ACCEPTED
    assert not page.errors
