"""What a citizen hit on first use of the H5 page, at 320 and 390 px, in both modes: the
department's phone number broken at its hyphen and its duties said twice, Latin
initials for a logo, 提交成功 warning twice and breaking the case number, 我的诉求
showing the query code in clear and a department the case had left."""

import json

import pytest

from cases.models import Case
from departments.models import Department
from tests.browser.helpers import (
    CHARS_PER_LINE,
    axe_violations,
    remember_case,
    show,
    small_targets,
)
from tests.browser.test_submit_form import fill_consultation

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SIZES = pytest.mark.parametrize("width", [320, 390])
MODES = pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])

PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def open_phone(open_page, width, elder):
    return open_page(elder=elder, viewport={"width": width, "height": 800})


def assert_fits_and_passes_axe(page, width, elder):
    assert page.evaluate(PAGE_WIDTH) <= width
    assert axe_violations(page) == []
    assert small_targets(page, 60 if elder else 44) == []


@SIZES
@MODES
def test_the_department_phone_is_one_unbroken_tel_link_and_duties_are_said_once(
    open_page, demo_departments, width, elder
):
    hrss = demo_departments["hrss"]
    page = open_phone(open_page, width, elder)
    show(page, f"/departments/{hrss.pk}", hrss.name)

    tel = page.locator("main a[href^='tel:']")
    assert tel.count() == 1
    assert tel.get_attribute("href") == "tel:0531-12333"
    assert tel.inner_text().strip() == "0531-12333"
    assert tel.evaluate(CHARS_PER_LINE) == [10]
    assert page.get_by_text("拨打电话").count() == 0
    main = page.locator("main").inner_text()
    assert main.count(hrss.duties_summary) == 1
    assert "主要职责" not in main
    # Opening hours keep each range whole: "13:30-" never ends a line.
    hours = page.locator(".facts dd", has_text="工作日 9:00-12:00")
    assert hours.evaluate("(dd) => dd.querySelectorAll('.nowrap').length") == 2
    assert_fits_and_passes_axe(page, width, elder)


@SIZES
@MODES
def test_a_department_without_a_logo_shows_its_chinese_short_name(
    open_page, demo_departments, width, elder
):
    Department.objects.update(logo="")
    page = open_phone(open_page, width, elder)
    show(page, "/departments", "政府部门")

    badges = page.locator(".card .logo-placeholder")
    texts = badges.all_inner_texts()
    assert [t.replace("\n", "") for t in texts[:2]] == ["人社", "环保"]
    assert "市场监管" in [t.replace("\n", "") for t in texts]
    overflowing = badges.evaluate_all(
        """(els) => els.filter((el) => el.scrollWidth > el.clientWidth
            || el.scrollHeight > el.clientHeight).map((el) => el.textContent)"""
    )
    assert overflowing == []

    hrss = demo_departments["hrss"]
    show(page, f"/departments/{hrss.pk}", hrss.name)
    assert page.locator(".dept-head .logo-placeholder").inner_text() == "人社"
    assert_fits_and_passes_axe(page, width, elder)


@SIZES
@MODES
def test_submitted_warns_once_and_keeps_the_case_number_on_one_line(
    open_page, answered_case, width, elder
):
    number, code = answered_case
    page = open_phone(open_page, width, elder)
    remember_case(page, number, code)
    show(page, f"/submitted/{number}", "提交成功")

    main = page.locator("main").inner_text()
    assert main.count("保存登记编号和查询码") == 1
    assert "只显示这一次" not in main
    assert page.locator(".notice-warn").count() == 1
    assert "查询码已保存在本机的“我的诉求”中" in main
    number_box = page.locator("#case-number")
    assert number_box.evaluate(CHARS_PER_LINE) == [len(number)]
    assert number_box.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    assert page.locator("#query-code").evaluate(CHARS_PER_LINE) == [8]
    assert_fits_and_passes_axe(page, width, elder)


def test_submitted_still_shows_the_code_when_the_phone_cannot_store_it(
    open_page, demo_departments
):
    page = open_page()
    page.context.add_init_script(
        """const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (key === 'wzw.cases') throw new DOMException('full', 'QuotaExceededError');
            return setItem.call(this, key, value);
        };"""
    )
    show(page, "/submit/consultation", "我要咨询")
    fill_consultation(page, demo_departments["hrss"])
    page.get_by_role("button", name="提交").click()
    code_box = page.locator("#query-code")
    code_box.wait_for()

    case = Case.objects.get()
    assert page.locator("#case-number").inner_text() == case.number
    assert len(code_box.inner_text().replace(" ", "")) == 8
    warning = page.locator(".notice-warn").inner_text()
    assert "本机未能保存这件诉求" in warning
    assert "已保存在本机" not in warning


@SIZES
@MODES
def test_mine_hides_the_code_until_shown_and_deletes_after_confirmation(
    open_page, answered_case, width, elder
):
    number, code = answered_case
    page = open_phone(open_page, width, elder)
    remember_case(page, number, code)
    show(page, "/mine", "我的诉求")

    card = page.locator(".mine li")
    assert code not in card.inner_text()
    assert page.locator(".lead").inner_text().count("本手机") == 1
    assert_fits_and_passes_axe(page, width, elder)

    card.get_by_role("button", name="显示查询码").click()
    assert code in card.inner_text()
    assert_fits_and_passes_axe(page, width, elder)
    card.get_by_role("button", name="隐藏查询码").click()
    assert code not in card.inner_text()

    page.once("dialog", lambda dialog: dialog.dismiss())
    card.get_by_role("button", name="删除").click()
    assert page.locator(".mine li").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="删除").click()
    page.get_by_text("本机还没有保存诉求").wait_for()
    assert page.evaluate("() => localStorage.getItem('wzw.cases')") == "[]"


def test_mine_shows_no_department_the_case_has_left_and_stores_none(
    open_page, demo_departments, answered_case
):
    """The phone remembered 环境保护局 at submission; the case is now with
    劳动和社会保障局 (transferred). 我的诉求 shows no department; 查看进度 shows the
    current one; and a new submission stores no department at all."""
    number, code = answered_case
    page = open_page()
    remember_case(page, number, code, department="环境保护局")
    show(page, "/mine", "我的诉求")

    assert "环境保护局" not in page.locator("main").inner_text()
    page.get_by_role("link", name="查看进度").click()
    page.locator(".lookup-result h2").first.wait_for()
    assert "劳动和社会保障局" in page.locator(".lookup-result").inner_text()

    show(page, "/submit/consultation", "我要咨询")
    fill_consultation(page, demo_departments["eeb"])
    page.get_by_role("button", name="提交").click()
    page.locator("#query-code").wait_for()
    assert "环境保护局将按时办理" in page.locator("main").inner_text()
    stored = json.loads(page.evaluate("() => localStorage.getItem('wzw.cases')"))
    assert [sorted(record) for record in stored] == [
        ["kind", "number", "query_code", "submitted_at", "title"]
    ] * 2
