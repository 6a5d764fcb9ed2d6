"""The home screen's weight on the wire, and how its files are served: hashed names,
compressed, cached for good; pictures sized and lazy."""

import re

import pytest

from tests.browser.helpers import HASHED_JS, show

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TOTAL_BUDGET = 100 * 1024  # everything but pictures, compressed
JS_BUDGET = 40 * 1024


def home_transfers(page):
    """Every response of a cold visit to the home screen: (url, type, bytes on the
    wire including headers, response)."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    show(page, "/", "微政务")
    page.wait_for_load_state("networkidle")
    rows = []
    for response in responses:
        sizes = response.request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        rows.append((response.url, response.request.resource_type, size, response))
    return rows


def test_the_home_screen_stays_within_its_budget(open_page, demo_departments, gallery):
    rows = home_transfers(open_page())
    not_pictures = [row for row in rows if row[1] != "image"]
    total = sum(size for _, _, size, _ in not_pictures)
    scripts = sum(size for _, kind, size, _ in not_pictures if kind == "script")
    report = "\n".join(f"{size:>7} {kind:<10} {url}" for url, kind, size, _ in rows)
    assert total < TOTAL_BUDGET, f"home screen {total} bytes:\n{report}"
    assert scripts < JS_BUDGET, f"home screen JavaScript {scripts} bytes:\n{report}"


def test_static_files_are_hashed_compressed_and_cached(open_page, demo_departments):
    rows = home_transfers(open_page())
    static = [row for row in rows if "/static/" in row[0]]
    scripts = [url for url, kind, _, _ in static if kind == "script"]
    assert any("/h5/app." in url for url in scripts)
    assert any("/h5/home." in url for url in scripts)
    for url in scripts:
        # Each module, imported by its plain name, came through the import map.
        assert HASHED_JS.search(url), url
    for url, kind, _, response in static:
        headers = response.headers
        assert re.search(r"\.[0-9a-f]{12}\.", url), url
        assert "max-age=315360000" in headers.get("cache-control", ""), url
        if kind in ("script", "stylesheet"):
            assert headers.get("content-encoding") in ("gzip", "br"), url


def test_pictures_have_sizes_and_wait_below_the_fold(
    open_page, demo_departments, gallery
):
    page = show(open_page(), "/", "微政务")
    pictures = page.evaluate(
        """() => [...document.querySelectorAll('main img')].map((img) => ({
            src: img.src, width: img.getAttribute('width'), height: img.getAttribute('height'),
            loading: img.loading, top: img.getBoundingClientRect().top,
            left: img.getBoundingClientRect().left}))"""
    )
    assert pictures
    for picture in pictures:
        assert picture["width"] and picture["height"], picture
        below_the_fold = picture["top"] > 844 or picture["left"] >= 390
        if below_the_fold:
            assert picture["loading"] == "lazy", picture
