"""附近办事 in real Chromium, in both modes: with the position allowed the nearest
hall comes first with its distance; refused, the district picker lists a district's
halls; axe clean, nothing wider than the phone."""

import pytest

from tests.browser.helpers import axe_violations, show, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_nearest_hall_comes_first_when_the_position_is_allowed(
    open_page, demo_departments, elder
):
    page = open_page(
        elder=elder,
        viewport={"width": 360, "height": 800},
        geolocation={"latitude": 36.6525, "longitude": 116.9005},
        permissions=["geolocation"],
    )
    show(page, "/nearby", "附近办事")
    page.get_by_role("button", name="使用我的位置").click()
    page.get_by_text("已按距离由近到远排列").wait_for()
    first = page.locator(".nearby li.card").first
    assert "槐荫区便民服务中心" in first.inner_text()
    assert " 米" in first.inner_text()
    assert page.evaluate(PAGE_WIDTH) <= 360
    assert axe_violations(page) == []
    assert small_targets(page, 60 if elder else 44) == []


def test_refused_the_district_picker_finds_the_halls(open_page, demo_departments):
    page = open_page(permissions=[])
    show(page, "/nearby", "附近办事")
    page.get_by_role("button", name="使用我的位置").click()
    page.get_by_text("请选择区县").wait_for()
    page.get_by_label("或选择区县").select_option("历城区")
    page.wait_for_function(
        "() => document.querySelectorAll('.nearby li.card').length === 1"
    )
    cards = page.locator(".nearby li.card")
    assert cards.count() == 1 and "历城区政务服务中心" in cards.first.inner_text()
    assert axe_violations(page) == []
