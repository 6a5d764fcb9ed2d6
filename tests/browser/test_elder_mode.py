"""长辈模式: a visible switch, remembered on the phone, applied before the first
paint, with text of at least 18 px and tap targets of at least 60 px."""

import pytest

from tests.browser.helpers import show, small_targets, wait_for_screen

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MAIN_TEXT = "() => parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)"
# Whether the page was already in 长辈模式 before any module script ran: module
# scripts run after the document reaches "interactive", inline scripts before it.
EARLY_CHECK = """
document.addEventListener('readystatechange', () => {
  if (document.readyState === 'interactive' && window.elderAtParse === undefined)
    window.elderAtParse = document.documentElement.hasAttribute('data-elder');
});
"""


def test_the_switch_is_remembered_and_enlarges_text_and_targets(
    open_page, demo_departments
):
    page = open_page()
    page.context.add_init_script(EARLY_CHECK)
    show(page, "/", "微政务")
    switch = page.get_by_role("button", name="长辈模式")
    assert switch.get_attribute("aria-pressed") == "false"
    assert page.evaluate(MAIN_TEXT) < 18

    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => document.documentElement.hasAttribute('data-elder')")
    assert page.evaluate(MAIN_TEXT) >= 18
    page.locator("#announcer", has_text="已开启长辈模式").wait_for(state="attached")

    page.reload()
    wait_for_screen(page, "微政务")
    assert page.evaluate("() => window.elderAtParse") is True  # no flash of small text
    assert switch.get_attribute("aria-pressed") == "true"
    assert page.evaluate(MAIN_TEXT) >= 18
    assert (
        page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        >= 18
    )
    assert small_targets(page, 60) == []

    # Other screens follow, and the switch turns it off again.
    show(page, "/submit/suggestion", "我要建议")
    assert (
        page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('input[name=title]')).fontSize)"
        )
        >= 18
    )
    assert small_targets(page, 60) == []
    switch.click()
    assert page.evaluate("() => localStorage.getItem('wzw.elder')") is None
    assert page.evaluate(MAIN_TEXT) < 18
