"""static/h5/wechat.js in real Chromium: opened inside WeChat with the OAuth
?code=, the page posts the code once to /api/v1/me/wechat/ and takes it out of the
address; outside WeChat it posts nothing. The API is intercepted here (its own
tests, against a fake of WeChat, are tests/citizens/test_wechat.py)."""

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560"
)
CODE = "081aBcDeF0gHiJ1kLmN2oPqRsT3uVwXy"


def intercept(page):
    posted = []

    def answer(route):
        posted.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps({"configured": True, "linked": True}),
        )

    page.route("**/api/v1/me/wechat/", answer)
    return posted


def test_inside_wechat_the_code_is_posted_once_and_leaves_the_address(open_page):
    page = open_page(user_agent=WECHAT_UA)
    posted = intercept(page)

    page.goto(f"{page.base}/?code={CODE}&state=menu#/lookup")
    page.wait_for_function("() => !location.search.includes('code=')")
    page.wait_for_timeout(300)

    assert posted == [{"code": CODE}]
    assert page.evaluate("location.search") == ""
    assert page.evaluate("location.hash") == "#/lookup"
    page.reload()
    page.wait_for_timeout(300)
    assert posted == [{"code": CODE}]  # a reload has no code to post again


def test_outside_wechat_nothing_is_posted(open_page):
    page = open_page()
    posted = intercept(page)

    page.goto(f"{page.base}/?code={CODE}&state=menu#/")
    page.wait_for_timeout(500)

    assert posted == []
