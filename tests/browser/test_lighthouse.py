"""Lighthouse's accessibility score, 100, on the home screen, a submit form and
进度查询 in 长辈模式 (Lighthouse 13 from the npm registry, scripts/ensure-lighthouse,
driving Debian's Chromium against the live test server).

Lighthouse opens its own tab; 长辈模式 lives in localStorage, so the test starts
Chromium with a profile of its own, sets the switch in it through Playwright, and
has Lighthouse connect to that Chromium (`--port`) without clearing its storage."""

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LIGHTHOUSE = (
    Path(__file__).parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def elder_chromium(browser, live, tmp_path):
    """(debugging port, page) of a Chromium whose profile has 长辈模式 on."""
    if not LIGHTHOUSE.exists():
        if os.environ.get("CI"):
            pytest.fail("Lighthouse is missing: scripts/ensure-lighthouse")
        pytest.skip("needs Lighthouse (scripts/ensure-lighthouse)")
    port = _free_port()
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, f"--remote-debugging-port={port}"],
        headless=True,
    )
    page = context.new_page()
    page.goto(f"{live}/")
    page.evaluate("() => localStorage.setItem('wzw.elder', '1')")
    yield port, page
    context.close()


def _accessibility(port: int, url: str) -> tuple[float, list[str]]:
    done = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--port={port}",
            "--only-categories=accessibility",
            "--disable-storage-reset",
            "--output=json",
            "--quiet",
            "--locale=zh",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    category = report["categories"]["accessibility"]
    failing = [
        f"{ref['id']}: {report['audits'][ref['id']]['title']}"
        for ref in category["auditRefs"]
        if ref["weight"] and report["audits"][ref["id"]]["score"] not in (1, None)
    ]
    return category["score"], failing


def test_lighthouse_accessibility_is_100_in_elder_mode(
    elder_chromium, live, demo_departments, answered_case
):
    port, page = elder_chromium
    number, code = answered_case
    # The case in 我的诉求, so that 进度查询 fills its number and code.
    page.evaluate(
        """([number, code]) => localStorage.setItem('wzw.cases', JSON.stringify([{
            number, query_code: code, kind: 'complaint', title: '用人单位未缴社保',
            submitted_at: '2026-11-20T09:00:00+08:00'}]))""",
        [number, code],
    )
    page.reload()
    assert page.evaluate("() => document.documentElement.hasAttribute('data-elder')")
    scores = {}
    for route in ("/", "/submit/consultation", f"/lookup?number={number}"):
        scores[route] = _accessibility(port, f"{live}/#{route}")
    print(f"lighthouse accessibility: {scores}")
    assert all(score == 1 for score, _failing in scores.values()), scores
