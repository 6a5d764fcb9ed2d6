"""Service posters on the home screen and the photo albums, once the gallery API
exists (the media_gallery app; skipped with a reason before it lands)."""

import pytest

from tests.browser.helpers import show

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def album(gallery):
    if gallery is None:
        pytest.skip("gallery API (/api/v1/posters/, /api/v1/albums/) not present yet")
    return gallery


def position(page):
    return page.locator(".carousel .position").inner_text()


def settle(page, expected):
    """The strip reports its slide a moment after scrolling stops (a timer on the
    page's fake clock, after scroll events on the real one): step both."""
    for _ in range(50):
        page.clock.run_for(100)
        if position(page) == expected:
            return
        page.wait_for_timeout(20)
    assert position(page) == expected


def arrive(page, index):
    """Smooth scrolling runs on the real clock: let the strip reach slide `index`
    before the page's (fake) clock jumps ahead."""
    page.wait_for_function(
        """(index) => { const strip = document.querySelector('.carousel .track');
            return Math.abs(strip.scrollLeft - index * strip.clientWidth) < 2; }""",
        arg=index,
    )


def test_posters_swipe_and_advance_by_themselves(open_page, album, demo_departments):
    page = open_page()
    page.clock.install()
    show(page, "/", "微政务")
    posters = page.locator(".carousel .slide img")
    assert posters.count() == 4
    for index in range(4):
        img = posters.nth(index)
        assert img.get_attribute("width") and img.get_attribute("height")
        assert img.get_attribute("alt")
        assert img.get_attribute("loading") == ("eager" if index == 0 else "lazy")
    hrefs = page.locator(".carousel .slide a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert f"#/departments/{demo_departments['eeb'].pk}" in hrefs
    assert "#/submit/suggestion" in hrefs

    # A swipe is a native horizontal scroll of the strip.
    track = page.locator(".carousel .track")
    track.evaluate("(strip) => { strip.scrollLeft = strip.clientWidth; }")
    settle(page, "2 / 4")
    page.get_by_role("button", name="下一张").click()
    assert position(page) == "3 / 4"
    arrive(page, 2)
    # It waits while the citizen is on it: the pointer and focus move away.
    page.mouse.move(0, 800)
    page.evaluate("() => document.activeElement.blur()")
    page.clock.run_for(5100)
    assert position(page) == "4 / 4"
    arrive(page, 3)
    page.get_by_role("button", name="暂停自动播放").click()
    page.clock.run_for(11000)
    assert position(page) == "4 / 4"


def test_posters_stand_still_in_elder_mode(open_page, album):
    page = open_page(elder=True)
    page.clock.install()
    show(page, "/", "微政务")
    page.clock.run_for(16000)
    assert position(page) == "1 / 4"
    assert not page.get_by_role("button", name="暂停自动播放").is_visible()


def test_an_album_opens_in_a_full_screen_viewer(open_page, album):
    page = show(open_page(), "/albums", "政务相册")
    page.get_by_role("link", name=album.title).click()
    page.wait_for_function("(t) => document.title.startsWith(t)", arg=album.title)
    thumbs = page.locator(".photo-grid button")
    assert thumbs.count() == album.photos.count()
    thumbs.nth(1).click()
    viewer = page.locator("dialog.viewer[open]")
    viewer.wait_for()
    assert viewer.locator(".position").inner_text() == f"2 / {album.photos.count()}"
    assert (
        page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        == "关闭"
    )
    page.keyboard.press("ArrowRight")
    # The slide moves on the next frame: wait for it rather than read at once.
    page.wait_for_function(
        "(t) => document.querySelector('dialog.viewer[open] .position')?.textContent === t",
        arg=f"3 / {album.photos.count()}",
    )
    large = viewer.locator(".slide img").nth(2)
    assert large.get_attribute("alt") and large.get_attribute("width")
    page.keyboard.press("Escape")
    viewer.wait_for(state="detached")
    # Focus returns to the photo that opened the viewer.
    assert page.evaluate("() => document.activeElement.classList.contains('thumb')")
