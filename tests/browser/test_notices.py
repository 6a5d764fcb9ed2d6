"""政务信息 in real Chromium, in both modes: the newest on the home page, the list
with its kinds and search, one notice with its sanitised body; axe clean, nothing
wider than the phone."""

import pytest

from tests.browser.helpers import axe_violations, show, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def notices(demo_departments):
    from notices.demo import seed_notices

    seed_notices()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_a_citizen_reads_the_notices_in_both_modes(open_page, notices, elder):
    page = open_page(elder=elder, viewport={"width": 360, "height": 800})
    show(page, "/", "微政务")
    page.get_by_role("heading", name="政务信息").wait_for()
    page.get_by_role("link", name="更多政务信息").click()
    page.get_by_role("heading", name="政务信息", level=1).wait_for()
    first = page.locator(".notices li").first
    assert "置顶" in first.inner_text()
    assert page.evaluate(PAGE_WIDTH) <= 360
    assert axe_violations(page) == []
    assert small_targets(page, 60 if elder else 44) == []

    page.get_by_role("searchbox", name="搜索政务信息").fill("医保")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_function("() => location.hash.includes('q=')")
    page.locator(".notices li", has_text="解读").first.wait_for()
    page.locator(".notices li a", has_text="医保缴费标准调整解读").click()
    page.get_by_role("heading", name="医保缴费标准调整解读").wait_for()
    body = page.locator(".notice-body")
    assert body.locator("h2").first.inner_text() == "为什么调整"
    assert body.locator("a").get_attribute("href") == "/#/guide"
    assert page.evaluate(PAGE_WIDTH) <= 360
    assert axe_violations(page) == []
