"""Screenshots of the H5 page (docs/h5.md) and the staff dashboard
(docs/dashboard.md); not a test.

    .venv/bin/python tests/browser/screenshots.py http://127.0.0.1:8000

Serve the demo first (`make run`: the dashboard shots log in as its demo
supervisor and officer with the password in var/demo-password.txt); the files land
in docs/screenshots/ as small, palette PNGs.
"""

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
SHOTS = [
    # file, route, 长辈模式
    ("h5-home.png", "/", False),
    ("h5-home-elder.png", "/", True),
    ("h5-department.png", "/departments/1", False),
    ("h5-stats-elder.png", "/stats", True),
]
DASHBOARD_SHOTS = [
    # file, demo user
    ("dashboard-supervisor.png", "supervisor"),
    ("dashboard-officer.png", "hrss_officer"),
]
# The back office at an office screen (docs/staff.md): file, demo user, path, selector
ADMIN_SHOTS = [
    ("admin-case-list.png", "hrss_officer", "/admin/cases/case/", "#result_list"),
    ("admin-case-page.png", "hrss_officer", None, ".case-head"),
]


def save_small(png: bytes, path: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
        path, optimize=True
    )


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        for name, route, elder in SHOTS:
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                locale="zh-CN",
                reduced_motion="reduce",
            )
            if elder:
                context.add_init_script("localStorage.setItem('wzw.elder', '1')")
            page = context.new_page()
            page.goto(f"{base}/#{route}")
            page.wait_for_function("() => !document.querySelector('main[aria-busy]')")
            page.wait_for_load_state("networkidle")
            save_small(page.screenshot(), OUT / name)
            context.close()
        password = (ROOT / "var" / "demo-password.txt").read_text().strip()
        for name, username in DASHBOARD_SHOTS:
            context = browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="zh-CN"
            )
            page = context.new_page()
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", password)
            page.click("input[type=submit]")
            page.wait_for_selector("#dashboard")
            save_small(page.screenshot(full_page=True), OUT / name)
            context.close()
        for name, username, path, selector in ADMIN_SHOTS:
            context = browser.new_context(
                viewport={"width": 1366, "height": 768}, locale="zh-CN"
            )
            page = context.new_page()
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", password)
            page.click("input[type=submit]")
            page.wait_for_selector("#dashboard")
            if path is None:
                # The officer's newest case waiting to be accepted: steps on offer.
                page.goto(f"{base}/admin/cases/case/?status__exact=submitted")
                page.click("#result_list tbody tr th a")
            else:
                page.goto(f"{base}{path}")
            page.wait_for_selector(selector)
            save_small(page.screenshot(), OUT / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
