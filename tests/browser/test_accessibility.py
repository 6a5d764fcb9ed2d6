"""Every screen, in both modes: no serious or critical axe-core violation (WCAG 2.1
A/AA), every tap target big enough (44 px; 60 px in 长辈模式), nothing wider than a
320 px screen; and the page works from the keyboard alone."""

import pytest

from tests.browser.helpers import (
    api_exists,
    axe_violations,
    remember_case,
    show,
    small_targets,
    wait_for_screen,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def screens(departments, case_number, album):
    """(route, title, what to do once it is shown) for every screen."""
    hrss = departments["hrss"]

    def show_errors(page):
        page.get_by_role("button", name="提交").click()
        page.locator(".error-summary").wait_for()

    def show_result(page):
        page.locator(".lookup-result h2").first.wait_for()

    def open_viewer(page):
        page.locator(".photo-grid button").nth(1).click()
        page.locator("dialog.viewer[open]").wait_for()

    def open_review(page):
        page.get_by_role("button", name="点评").first.click()

    def open_answer(page):
        page.locator("details.answer summary").first.click()

    def type_question(page):
        page.get_by_label("内容").fill("我的社保卡前天丢了，请问去哪里补办？")
        page.locator("details.answer").first.wait_for()
        open_answer(page)

    items = [
        ("/", "微政务", None),
        ("/departments", "政府部门", None),
        (f"/departments/{hrss.pk}", hrss.name, None),
        (
            f"/departments/{hrss.pk}",
            hrss.name,
            open_review if api_exists("/api/v1/leaders/1/reviews/") else None,
        ),
        ("/guide?q=失业", "办事指南", None),
        ("/departments?q=火星移民", "政府部门", None),
        ("/ask?q=身份证补办", "问一问", open_answer),
        ("/submit/consultation", "我要咨询", type_question),
        ("/submit/complaint", "我要投诉", None),
        ("/submit/consultation", "我要咨询", show_errors),
        (f"/submitted/{case_number}", "提交成功", None),
        (f"/lookup?number={case_number}", "进度查询", show_result),
        ("/mine", "我的诉求", None),
        ("/public", "公开信件", None),
        ("/stats", "数据公开", None),
        ("/albums", "政务相册", None),
    ]
    if album is not None:
        items += [
            (f"/albums/{album.pk}", album.title, None),
            (f"/albums/{album.pk}", album.title, open_viewer),
        ]
    return items


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_screen_passes_axe_with_big_targets_and_no_sideways_scroll(
    open_page, demo_departments, answered_case, gallery, elder
):
    from knowledge.demo import seed_knowledge

    seed_knowledge()  # 问一问 and the answers beside a consultation
    page = open_page(elder=elder)
    remember_case(page, *answered_case)
    minimum = 60 if elder else 44
    problems = []
    for route, title, action in screens(demo_departments, answered_case[0], gallery):
        page.set_viewport_size({"width": 390, "height": 844})
        show(page, route, title)
        if action:
            action(page)
        where = f"{route}{' +' + action.__name__ if action else ''}"
        for violation in axe_violations(page):
            problems.append(f"{where}: axe {violation}")
        leaked = page.evaluate(
            r"() => document.body.innerText.match(/null|undefined|NaN|\bfalse\b|\btrue\b|\[object /g)"
        )
        if leaked:
            problems.append(f"{where}: program values shown as text: {leaked}")
        for target in small_targets(page, minimum):
            problems.append(f"{where}: target under {minimum} px: {target}")
        page.set_viewport_size({"width": 320, "height": 640})
        page.wait_for_timeout(50)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{where}: {width} px wide at 320 px")
        page.keyboard.press("Escape")  # close the photo viewer, if open
    assert not problems, "\n".join(problems)


def test_it_is_usable_from_the_keyboard(open_page, demo_departments):
    page = show(open_page(), "/", "微政务")
    # The skip link comes first and lands on the screen's heading.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "跳到主要内容"
    # Tab to 我要投诉 and open it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent")
        if "我要投诉" in focused:
            break
    else:
        pytest.fail("我要投诉 cannot be reached with Tab")
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    wait_for_screen(page, "我要投诉")
    # Focus moved to the new screen's heading; the form follows it in Tab order.
    assert page.evaluate("() => document.activeElement.tagName") == "H1"
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "department":
            break
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("受理部门").input_value() != ""
    # 长辈模式 toggles from the keyboard too.
    page.locator("#elder-switch").focus()
    page.keyboard.press("Enter")
    assert page.locator("#elder-switch").get_attribute("aria-pressed") == "true"
