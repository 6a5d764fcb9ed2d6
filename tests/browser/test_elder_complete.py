"""长辈模式, complete (MIIT 2021 适老化 rules; docs/accessibility.md): every screen at
320 px with no sideways scroll, body text ≥ 18 px with line height ≥ 1.3, every
control ≥ 60 × 60 px, axe clean with the high-contrast option off and on (and its
AAA colour contrast on), 12345 within reach, and 朗读 reading the screen aloud."""

import pytest

from tests.browser.helpers import (
    CHARS_PER_LINE,
    axe_violations,
    remember_case,
    show,
    small_targets,
)
from tests.browser.test_accessibility import screens

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE_320 = {"viewport": {"width": 320, "height": 640}}

# Every element that sets text of its own in the screen (and the bar, the tools
# strip and the tab bar): its font size and line height as computed.
TEXT_FIGURES = """() => {
  const small = [];
  const roots = [document.querySelector('main'), document.querySelector('.tools'),
                 document.querySelector('.bar'), document.querySelector('.tabbar')];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!node.data.trim() || seen.has(el) || el.closest('.sr-only, [hidden], [aria-hidden=true], svg')) continue;
      seen.add(el);
      if (!el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      const line = style.lineHeight === 'normal' ? size * 1.2 : parseFloat(style.lineHeight);
      if (size < 18 - 0.01 || line / size < 1.3 - 0.01) {
        small.push(`${el.tagName.toLowerCase()}.${el.className} "${node.data.trim().slice(0, 12)}" ${size}px/${(line / size).toFixed(2)}`);
      }
    }
  }
  return small;
}"""


def all_screens(departments, case_number, album):
    return [
        *screens(departments, case_number, album),
        ("/notices", "政务信息", None),
        ("/notices?search=火星移民", "政务信息", None),
        ("/surveys", "调研投票", None),
        ("/book", "预约办事", None),
        ("/mine", "我的诉求", None),
        ("/no-such-screen", "页面不存在", None),
    ]


def test_every_screen_in_elder_mode_at_320_px(
    open_page, demo_departments, answered_case, gallery
):
    from knowledge.demo import seed_knowledge
    from notices.demo import seed_notices

    seed_knowledge()
    seed_notices()
    page = open_page(elder=True, **PHONE_320)
    remember_case(page, *answered_case)
    problems = []
    for route, title, action in all_screens(
        demo_departments, answered_case[0], gallery
    ):
        show(page, route, title)
        if action:
            action(page)
        where = f"{route}{' +' + action.__name__ if action else ''}"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{where}: {width} px wide at 320 px")
        problems += [f"{where}: text {item}" for item in page.evaluate(TEXT_FIGURES)]
        problems += [f"{where}: target {t}" for t in small_targets(page, 60)]
        for number in page.locator("#case-number, .code").all():
            lines = page.evaluate(CHARS_PER_LINE, number.element_handle())
            if len(lines) > 1:
                problems.append(f"{where}: {number.inner_text()} breaks: {lines}")
        for contrast in (False, True):
            page.evaluate(
                "(on) => document.documentElement.toggleAttribute('data-contrast', on)",
                contrast,
            )
            mode = "high contrast" if contrast else "normal contrast"
            problems += [f"{where} {mode}: axe {v}" for v in axe_violations(page)]
        # 7:1 for text (WCAG 1.4.6, axe's AAA rule) with the option on.
        problems += [f"{where}: AAA {v}" for v in aaa_contrast(page) if v]
        page.evaluate("() => document.documentElement.removeAttribute('data-contrast')")
        page.keyboard.press("Escape")
    assert not problems, "\n".join(problems)


def aaa_contrast(page) -> list[str]:
    page.evaluate("() => document.documentElement.setAttribute('data-contrast', '')")
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']},
                                    resultTypes: ['violations']})"""
    )
    return [
        f"{node['target']} {node['any'][0]['message'][:80] if node['any'] else ''}"
        for violation in result["violations"]
        for node in violation["nodes"][:5]
    ]


def test_the_high_contrast_option_is_remembered(open_page, demo_departments):
    page = show(open_page(elder=True, **PHONE_320), "/", "微政务")
    switch = page.get_by_role("button", name="高对比度")
    assert switch.get_attribute("aria-pressed") == "false"

    switch.click()
    page.reload()
    show(page, "/", "微政务")
    assert page.evaluate("() => document.documentElement.hasAttribute('data-contrast')")
    assert switch.get_attribute("aria-pressed") == "true"
    assert (
        page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    )


def test_a_person_is_within_reach(open_page, demo_departments):
    page = show(open_page(elder=True, **PHONE_320), "/", "微政务")
    home = page.locator("main a[href='tel:12345']")
    assert home.count() >= 1 and home.first.bounding_box()["height"] >= 60

    for route, title in [
        ("/departments?q=火星移民", "政府部门"),
        ("/guide?q=火星移民", "办事指南"),
        ("/no-such-screen", "页面不存在"),
    ]:
        show(page, route, title)
        assert page.locator("main a[href='tel:12345']").count() == 1, route
    show(page, "/lookup", "进度查询")
    page.get_by_label("登记编号").fill("TS-20200101-0001")
    page.get_by_label("查询码").fill("AAAAAAAA")
    page.get_by_role("button", name="查询").click()
    page.locator("main a[href='tel:12345']").wait_for()
    hrss = demo_departments["hrss"]
    show(page, f"/departments/{hrss.pk}", hrss.name)
    phone = page.locator("main a[href^='tel:']").first
    assert phone.bounding_box()["height"] >= 60


# The browser's speech synthesis, replaced before the page loads: what would be
# spoken is recorded; the utterances end when the test calls __finish(); `VOICES`
# are the phone's.
SPEECH_STUB = """
window.__spoken = [];
window.__calls = [];
class FakeUtterance extends EventTarget {
  constructor(text) { super(); this.text = text; this.lang = ''; this.voice = null; this.rate = 1; }
}
window.SpeechSynthesisUtterance = FakeUtterance;
const fake = {
  getVoices: () => VOICES,
  queued: [],
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); this.queued.push(u); },
  cancel() { window.__calls.push('cancel'); },
  pause() { window.__calls.push('pause'); },
  resume() { window.__calls.push('resume'); },
  addEventListener() {}, removeEventListener() {},
};
Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
window.__finish = () => { for (const u of fake.queued.splice(0)) u.dispatchEvent(new Event('end')); };
"""


def _speaking_page(open_page, voices):
    page = open_page(elder=True, **PHONE_320)
    page.context.add_init_script(SPEECH_STUB.replace("VOICES", voices))
    return page


def test_read_aloud_reads_the_screen_in_order(
    open_page, demo_departments, answered_case
):
    page = _speaking_page(open_page, "[{lang: 'zh-CN', name: '婷婷'}]")
    remember_case(page, *answered_case)
    show(page, f"/lookup?number={answered_case[0]}", "进度查询")
    page.locator(".lookup-result h2").first.wait_for()

    page.get_by_role("button", name="朗读本页").click()
    page.wait_for_function("() => window.__spoken.length > 3")
    spoken = page.evaluate("() => window.__spoken")
    texts = [item["text"] for item in spoken]
    assert {item["lang"] for item in spoken} == {"zh-CN"}
    assert texts[0] == "进度查询"
    joined = " ".join(texts)
    assert "已答复" in joined
    assert "经核查，该公司已为您补缴社会保险" in joined
    assert joined.index("进度查询") < joined.index("已答复") < joined.index("经核查")
    # Pause, resume and stop are there while it reads.
    page.get_by_role("button", name="暂停朗读").click()
    page.get_by_role("button", name="继续朗读").click()
    page.get_by_role("button", name="停止").click()
    calls = page.evaluate("() => window.__calls")
    assert calls.count("pause") == 1 and "resume" in calls and calls[-1] == "cancel"
    assert page.get_by_role("button", name="朗读本页").is_visible()
    assert page.get_by_role("button", name="停止").is_hidden()
    # Read to the end, the control is ready to read again.
    page.get_by_role("button", name="朗读本页").click()
    page.get_by_role("button", name="暂停朗读").wait_for()
    page.evaluate("() => window.__finish()")
    page.get_by_role("button", name="朗读本页").wait_for()
    # A new screen stops what was being read.
    page.get_by_role("button", name="朗读本页").click()
    show(page, "/", "微政务")
    assert page.evaluate("() => window.__calls")[-1] == "cancel"
    assert page.get_by_role("button", name="朗读本页").is_visible()


def test_without_a_chinese_voice_the_control_says_so(open_page, demo_departments):
    page = _speaking_page(open_page, "[{lang: 'en-US', name: 'Samantha'}]")
    show(page, "/", "微政务")

    page.get_by_role("button", name="朗读本页").click()
    status = page.locator("#read-status")
    status.wait_for()
    assert "没有中文语音" in status.inner_text()
    assert page.evaluate("() => window.__spoken") == []
