"""我的 → 用手机号查看我的全部诉求, in real Chromium, in both modes: the cases
remembered on this phone show without signing in; a code by SMS (taken from the
locmem outbox) signs in; the list shows every case of the phone, and each can be
opened and rated, its SMS stopped, and its query code replaced."""

import re

import pytest

from tests.browser.helpers import axe_violations, remember_case, show, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = "13812345678"
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def sms(settings, live):
    """SMS delivered at once by the live server (no worker) into locmem's outbox,
    with the login-code template in place."""
    from notifications.backends import locmem
    from notifications.models import MessageTemplate

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    MessageTemplate.objects.update_or_create(
        event="citizen.login_code",
        channel="sms",
        defaults={
            "text": "您的登录验证码为 {code}，{minutes} 分钟内有效。",
            "active": True,
        },
    )
    locmem.outbox.clear()

    def last_code():
        sent = [m for m in locmem.outbox if m.recipient == PHONE]
        assert sent, "no login code was sent"
        return re.search(r"\d{6}", sent[-1].text).group()

    yield last_code
    locmem.outbox.clear()


@pytest.fixture
def my_cases(demo_departments):
    """Two cases with PHONE: an answered complaint (SMS on) and a consultation."""
    from cases import services
    from cases.models import Case
    from tests.cases.helpers import submit_case

    waiting = submit_case(
        department=demo_departments["hrss"], contact_phone=PHONE, title="社保卡补办"
    )
    answered = submit_case(
        kind=Case.Kind.COMPLAINT,
        department=demo_departments["hrss"],
        contact_phone=PHONE,
        title="用人单位未缴社保",
        sms_consent=True,
    )
    services.case_transition(case=answered.case, to_status=Case.Status.ACCEPTED)
    services.case_transition(
        case=answered.case, to_status=Case.Status.REPLIED, reply="已为您补缴。"
    )
    return {"waiting": waiting, "answered": answered}


def assert_fits_and_passes_axe(page, elder):
    assert page.evaluate(PAGE_WIDTH) <= page.viewport_size["width"]
    assert axe_violations(page) == []
    assert small_targets(page, 60 if elder else 44) == []


def sign_in(page, sms):
    form = page.locator("section[aria-labelledby=h-phone] form")
    form.get_by_label("手机号").fill(PHONE)
    send = form.get_by_role("button", name="获取验证码")
    send.click()
    page.get_by_text("验证码已发送").wait_for()
    countdown = form.locator("button", has_text="秒后可重新获取")
    assert countdown.is_disabled()
    form.get_by_label("验证码").fill(sms())
    form.get_by_role("button", name="登录").click()
    page.locator(".my-phone-cases li").first.wait_for()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_a_citizen_signs_in_with_a_code_and_sees_every_case_of_the_phone(
    open_page, sms, my_cases, elder
):
    page = open_page(elder=elder, viewport={"width": 320, "height": 800})
    remember_case(page, my_cases["waiting"].case.number, my_cases["waiting"].query_code)
    show(page, "/mine", "我的诉求")

    # Without signing in: the case remembered here, and the way to sign in.
    assert page.locator(".mine li").count() == 1
    page.get_by_role("heading", name="用手机号查看我的全部诉求").wait_for()
    assert_fits_and_passes_axe(page, elder)

    sign_in(page, sms)

    cards = page.locator(".my-phone-cases li")
    assert cards.count() == 2
    newest = cards.nth(0)
    assert "用人单位未缴社保" in newest.inner_text()
    assert "已答复" in newest.inner_text()
    assert "答复期限" in cards.nth(1).inner_text()
    assert "138****5678" in page.locator("main").inner_text()
    assert_fits_and_passes_axe(page, elder)


def test_each_case_can_be_stopped_given_a_new_code_rated_and_logout_ends_it(
    open_page, sms, my_cases
):
    from cases import selectors
    from cases.models import Case
    from feedback.models import CaseEvaluation

    answered = my_cases["answered"]
    page = open_page()
    show(page, "/mine", "我的诉求")
    sign_in(page, sms)
    card = page.locator(".my-phone-cases li").nth(0)

    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="不再接收短信").click()
    card.get_by_text("已退订").wait_for()
    assert Case.objects.get(pk=answered.case.pk).sms_consent is False

    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="重新生成查询码").click()
    new_code = card.locator(".new-query-code").inner_text()
    number = answered.case.number
    assert selectors.case_lookup(number=number, query_code=answered.query_code) is None
    assert selectors.case_lookup(number=number, query_code=new_code) is not None
    assert axe_violations(page) == []

    card.get_by_role("link", name="查看并评价").click()
    page.get_by_role("heading", name="对办理结果评价").wait_for()
    assert "已为您补缴。" in page.locator(".reply").inner_text()
    assert axe_violations(page) == []
    page.get_by_text("满意", exact=True).click()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_role("heading", name="您的评价").wait_for()
    assert CaseEvaluation.objects.get(case=answered.case).level == 4

    show(page, "/mine", "我的诉求")
    page.locator(".my-phone-cases li").first.wait_for()
    assert "待您评价" not in page.locator(".my-phone-cases").inner_text()
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="获取验证码").wait_for()
    assert page.locator(".my-phone-cases").count() == 0
