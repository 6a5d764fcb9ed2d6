"""What the browser tests do again and again: open a screen, run axe, measure tap
targets, make a photo, ask whether another team's endpoint exists yet."""

import io
import json
import re
from pathlib import Path

from django.urls import Resolver404, resolve
from PIL import Image

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
HASHED_JS = re.compile(r"/static/h5/[\w-]+\.[0-9a-f]{12}\.js$")


def api_exists(path: str) -> bool:
    """Whether the API answers `path` yet (the gallery and feedback endpoints are
    built by other teams; their parts of these tests wait for them)."""
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def show(page, route: str, title: str):
    """Open `#<route>` and wait until its screen is drawn (its title is set)."""
    page.goto(f"{page.base}/#{route}")
    wait_for_screen(page, title)
    return page


def wait_for_screen(page, title: str):
    page.wait_for_function(
        """(title) => document.title.startsWith(title)
            && !document.querySelector('main[aria-busy]')""",
        arg=title,
    )


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of the given impact on the page now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugger, which the page's Content-Security-
        # Policy does not govern (a <script> tag without its nonce would be refused).
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


# Every control a finger has to hit. Checkboxes and radios are hit through their
# label (the .choice box); the file input is hit through its label button.
TARGETS = """
(min) => {
  const selector = 'a[href], button, select, textarea, summary, label.choice, label.file-button,'
    + ' input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden])';
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (el.closest('.sr-only, .skip, [hidden]')) continue;
    if (box.width < min - 0.5 || box.height < min - 0.5) {
      small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}
"""


# Characters on each line an element's text takes, top to bottom: [16] is one line,
# [2, 3] is 按时 / 答复率, a 1 is a character left alone on its line.
CHARS_PER_LINE = """(el) => {
    const range = document.createRange();
    const lines = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        for (let i = 0; i < node.length; i++) {
            if (!node.data[i].trim()) continue;
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue;
            const line = lines.find((l) => Math.abs(l.top - rect.top) < rect.height / 2);
            if (line) line.count++;
            else lines.push({ top: rect.top, count: 1 });
        }
    }
    return lines.sort((a, b) => a.top - b.top).map((l) => l.count);
}"""


def small_targets(page, minimum: int) -> list[str]:
    """Controls smaller than `minimum` × `minimum` CSS pixels."""
    return page.evaluate(TARGETS, minimum)


def photo_bytes(width=2400, height=1800, colour=(30, 120, 200)) -> bytes:
    """A JPEG the size of a phone camera's, made here (nothing is downloaded)."""
    image = Image.new("RGB", (width, height), colour)
    for x in range(0, width, 200):
        image.paste((240, 200, 40), (x, 0, x + 60, height))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def photo_file(name="photo.jpg", **kwargs) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": photo_bytes(**kwargs)}


def remember_case(page, number, code, **extra):
    """Put a case into the phone's 我的诉求 before the page loads."""
    record = {
        "number": number,
        "query_code": code,
        "kind": "complaint",
        "title": "用人单位未缴社保",
        "department": "劳动和社会保障局",
        "submitted_at": "2026-11-20T09:00:00+08:00",
        "due_at": "2026-11-27T23:59:59+08:00",
        "notice": "请妥善保存登记编号和查询码，查询码只显示这一次。",
        **extra,
    }
    page.context.add_init_script(
        f"localStorage.setItem('wzw.cases', JSON.stringify([{json.dumps(record)}]))"
    )
