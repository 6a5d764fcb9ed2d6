"""Printable QR codes for posters, windows and notices, made with segno.

A target names a page of the H5 site: "home", "department:<id>",
"window:<id>" (the window's department page, captioned with the window),
"notice:<id>" (a published notice's share page) or
"case_form:<department id>:<kind>" (the form, preset to the department). The code
carries the absolute H5 address; the name printed under it tells people what they
scan. SVG scales for any poster; PNG suits quick printing. A PNG caption needs a
CJK font on the server (Debian: fonts-noto-cjk); without one the PNG comes
uncaptioned and says so in a header, and the SVG, whose text the viewer's own
fonts draw, is the one to print.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from django.utils.html import escape
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from cases.statistics import Kind
from departments import selectors as department_selectors
from departments.selectors import department_list
from notices import selectors as notice_selectors

SCALE = 12  # pixels per module: about 500 px, 4 cm at 300 dpi
BORDER = 4  # the quiet zone scanners need, in modules
CAPTION_HEIGHT = 72
MAX_FONT_SIZE = 32
SVG_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
# (path, face index): the Simplified Chinese face of each collection.
FONT_CANDIDATES = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]


@dataclass(frozen=True)
class QrTarget:
    url: str
    caption: str
    filename: str


def resolve_target(
    *, target: str, base_url: str, scope: department_selectors.Scope
) -> QrTarget | None:
    """The QR target named by `target`, or None when it is malformed, inactive or
    outside the user's `scope`."""
    kind, _sep, rest = target.partition(":")
    if kind == "home" and not rest:
        return QrTarget(f"{base_url}#/", _("微政务"), "qr-home")
    parts = rest.split(":")
    if not (parts[0].isascii() and parts[0].isdigit()):
        return None
    pk = int(parts[0])
    if kind == "notice" and len(parts) == 1:
        # A notice's share page (its Open Graph tags), for the notice board.
        notice = notice_selectors.public_notice(notice_id=pk)
        if notice is None or not scope.includes(notice.department_id):
            return None
        return QrTarget(f"{base_url}n/{pk}", notice.title, f"qr-notice-{pk}")
    if kind == "window" and len(parts) == 1:
        window = department_selectors.get_active_window(window_id=pk)
        if window is None or not scope.includes(window.department_id):
            return None
        return QrTarget(
            f"{base_url}#/departments/{window.department_id}",
            f"{window.department.name} {window.name}",
            f"qr-window-{pk}",
        )
    department = department_list().filter(pk=pk).first()
    if department is None or not scope.includes(pk):
        return None
    if kind == "department" and len(parts) == 1:
        return QrTarget(
            f"{base_url}#/departments/{pk}", department.name, f"qr-department-{pk}"
        )
    if kind == "case_form" and len(parts) == 2 and parts[1] in Kind.values:
        case_kind = Kind(parts[1])
        return QrTarget(
            f"{base_url}#/submit/{case_kind.value}?department={pk}",
            f"{department.name} · {case_kind.label}",
            f"qr-case-form-{pk}-{case_kind.value}",
        )
    return None


def qr_svg(*, url: str, caption: str) -> str:
    """The QR code with the caption under it, as a standalone SVG document."""
    qr = segno.make_qr(url, error="m")
    width, height = qr.symbol_size(scale=SCALE, border=BORDER)
    # CJK glyphs are about 1 em wide; shrink long names to fit the code's width.
    font_size = min(MAX_FONT_SIZE, int(width * 0.9 / max(len(caption), 1)))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height + CAPTION_HEIGHT}" viewBox="0 0 {width} '
        f'{height + CAPTION_HEIGHT}"><title>{escape(caption)}</title>'
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f"{qr.svg_inline(scale=SCALE, border=BORDER)}"
        f'<text x="{width / 2}" y="{height + CAPTION_HEIGHT / 2}" '
        f'text-anchor="middle" dominant-baseline="middle" font-size="{font_size}" '
        f'font-family="{SVG_FONTS}" fill="#000">{escape(caption)}</text></svg>'
    )


@cache
def caption_font_file() -> tuple[str, int] | None:
    """The first CJK font on this server, or None."""
    for path, index in FONT_CANDIDATES:
        if Path(path).is_file():
            return path, index
    return None


def _fitting_font(draw: ImageDraw.ImageDraw, caption: str, width: int):
    path, index = caption_font_file()
    for size in range(MAX_FONT_SIZE, 11, -2):
        font = ImageFont.truetype(path, size, index=index)
        if draw.textlength(caption, font=font) <= width * 0.92:
            return font
    return font


def qr_png(*, url: str, caption: str) -> tuple[bytes, bool]:
    """The QR code as PNG, and whether the caption could be drawn under it."""
    qr = segno.make_qr(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=SCALE, border=BORDER)
    if caption_font_file() is None:
        return buffer.getvalue(), False
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    canvas = Image.new("RGB", (code.width, code.height + CAPTION_HEIGHT), "white")
    canvas.paste(code, (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = _fitting_font(draw, caption, code.width)
    draw.text(
        (code.width / 2, code.height + CAPTION_HEIGHT / 2),
        caption,
        font=font,
        fill="black",
        anchor="mm",
    )
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue(), True


def target_choices(*, departments: list[dict]) -> list:
    """Grouped choices for the download form: the home page, then per department
    given ({"id", "name"}: the active ones in scope, in display order) its page,
    its windows and its three forms. One query."""
    departments = [(d["id"], d["name"]) for d in departments]
    windows = department_selectors.active_window_names(
        department_ids=[pk for pk, _name in departments]
    )
    choices = [("", [("home", _("微政务首页"))])]
    for pk, name in departments:
        options = [(f"department:{pk}", _("部门页面"))]
        options += [
            (
                f"case_form:{pk}:{kind}",
                _("%(kind)s表单") % {"kind": label},
            )
            for kind, label in Kind.choices
        ]
        options += [
            (f"window:{window_id}", _("窗口：%(name)s") % {"name": window})
            for window_id, window in windows.get(pk, [])
        ]
        choices.append((name, options))
    return choices
