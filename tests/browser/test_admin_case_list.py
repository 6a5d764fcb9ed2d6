"""The case list on an office screen (1280 × 800, 1366 × 768) with the admin's
menu open: every column an officer needs is on screen without scrolling sideways
(提交时间, 办理时限 and 督办 were off the right edge, the filters took a third of
the width), numbers and dates on one line, titles readable, filters one click away
in the bar above the list."""

import pytest

from cases.models import Case
from tests.browser.admin_lists import (
    OFFICE_SCREENS,
    demo_back_office,
    header_overflow,
    log_in,
)
from tests.browser.helpers import axe_violations
from tests.cases.helpers import submit_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CASES = "/admin/cases/case/"

CELLS = """() => {
    const row = document.querySelector('#result_list tbody tr');
    // Lines of text in a cell, from its contents (the cell is as tall as the row).
    const lines = (cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return tops.size;
    };
    const cell = (name) => row.querySelector('.field-' + name);
    return {
        number: lines(cell('number')),
        submitted: lines(cell('submitted')),
        due: lines(cell('deadline')),
        titleEms: cell('title_marked').clientWidth / parseFloat(getComputedStyle(cell('title_marked')).fontSize),
    };
}"""


@pytest.fixture
def back_office(live):
    return demo_back_office()


@pytest.mark.parametrize("username", ["hrss_officer", "supervisor"])
@pytest.mark.parametrize("screen", OFFICE_SCREENS, ids=lambda s: f"{s['width']}px")
def test_every_column_of_the_case_list_is_on_an_office_screen(
    browser, live, back_office, username, screen
):
    page = log_in(browser, live, back_office[username], viewport=screen)
    page.goto(f"{live}{CASES}")
    overflow = header_overflow(page)
    headers = overflow["headers"]
    cells = page.evaluate(CELLS)
    violations = axe_violations(page)
    page.context.close()

    for wanted in ["编号", "标题", "部门", "状态", "提交时间", "办理时限", "督办"]:
        assert any(wanted in text for text in headers), (wanted, headers)
    assert overflow["off_screen"] == [], overflow
    assert overflow["page_scrolls"] is False
    assert overflow["table_scrolls"] is False
    assert (cells["number"], cells["submitted"], cells["due"]) == (1, 1, 1)
    assert cells["titleEms"] >= 8
    assert violations == []


def test_the_filters_sit_above_the_list_and_filter_in_one_click(
    browser, live, back_office
):
    submit_case(
        kind=Case.Kind.COMPLAINT,
        department=back_office["hrss"],
        title="公司拖欠工资三个月请求帮助",
        content="公司已经拖欠我们三个月工资，多次讨要未果。",
    )
    page = log_in(browser, live, back_office["hrss_officer"])
    page.goto(f"{live}{CASES}")
    bar = page.locator("#changelist-filter")
    table = page.locator("#result_list")
    bar_box, table_box = bar.bounding_box(), table.bounding_box()
    # Closed at first: the options do not cover the list.
    assert page.locator("#changelist-filter details[open]").count() == 0

    # Esc closes an open filter and leaves the focus on it.
    channel = page.locator("#changelist-filter summary", has_text="渠道")
    channel.click()
    page.keyboard.press("Escape")
    closed_by_escape = page.locator("#changelist-filter details[open]").count() == 0
    focus_kept = channel.evaluate("(summary) => document.activeElement === summary")

    page.locator("#changelist-filter summary", has_text="办理时限").click()
    with_menu = axe_violations(page)
    scrolls_with_menu = header_overflow(page)["page_scrolls"]
    page.locator("#changelist-filter").get_by_role("link", name="已超期").click()
    page.wait_for_url("**deadline=overdue**")
    summary = page.locator("#changelist-filter summary", has_text="办理时限")
    summary_text = summary.inner_text()
    page.context.close()

    assert bar_box["y"] + bar_box["height"] <= table_box["y"]
    assert bar_box["width"] >= table_box["width"] - 1
    assert closed_by_escape and focus_kept
    assert with_menu == []
    assert scrolls_with_menu is False
    # The bar says which choice is in force.
    assert "已超期" in summary_text
