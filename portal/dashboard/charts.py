"""Charts as inline SVG, drawn on the server: no script, no CDN, nothing to vendor.

Each chart is an `<svg role="img">` with a `<title>` naming it, a `<title>` on every
bar (the hover text, read by screen readers), and each bar a link to the cases it
counts. The page also prints the same figures as a table (see the template), which
is what assistive technology and printouts rely on. Every text goes through
`format_html`, so department and service names are escaped.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_CHARS = 11
# Text follows the page's colour, so the charts read in the admin's dark mode too.
TEXT = mark_safe('fill="currentColor" font-size="12"')


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    href: str | None = None


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Column:
    label: str
    values: dict[str, int]
    hrefs: dict[str, str] = field(default_factory=dict)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def text_width(text: str) -> float:
    """A generous estimate of `text`'s width at font-size 12: CJK and full-width
    characters take a whole em, Latin letters and digits at most 0.625 em."""
    return sum(7.5 if ord(char) < 0x2E80 else 12 for char in text)


def _linked(href: str | None, inner: SafeString) -> SafeString:
    return format_html('<a href="{}">{}</a>', href, inner) if href else inner


def _svg(chart_id: str, title: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="dashboard-chart" viewBox="0 0 {w} {h}" width="100%" '
        'role="img" aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        body=body,
    )


def axis_step(value: float) -> float:
    """A round step (1, 2 or 5 × 10^n, at least 1) giving at most five ticks up to
    `value`, so counts get whole-number gridlines."""
    if value <= 5:
        return 1
    power = 10 ** math.floor(math.log10(value / 5))
    return next(step * power for step in (1, 2, 5, 10) if value / (step * power) <= 5)


def horizontal_bars(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    colour: str = "#2563eb",
    max_value: float | None = None,
) -> SafeString:
    """One labelled bar per row (departments have long names), value at its end.
    The longest value text is measured so that it never runs off the right edge."""
    row, label_width = 26, 170
    value_width = max([70, *(text_width(bar.display) + 8 for bar in bars)])
    plot = WIDTH - label_width - value_width
    top = max(max_value or 0, *(bar.value for bar in bars), 0) or 1
    rows = []
    for index, bar in enumerate(bars):
        y = 6 + index * row
        length = round(plot * bar.value / top, 1) if bar.value else 0
        shape = format_html(
            "<g><title>{label}：{display}</title>"
            '<text x="{lx}" y="{ty}" text-anchor="end" {text}>{short}</text>'
            '<rect x="{x}" y="{y}" width="{length}" height="18" rx="2" fill="{colour}"/>'
            '<text x="{vx}" y="{ty}" {text}>{display}</text></g>',
            label=bar.label,
            display=bar.display,
            short=_short(bar.label),
            lx=label_width - 8,
            x=label_width,
            y=y,
            ty=y + 13,
            vx=label_width + length + 6,
            length=length,
            colour=colour,
            text=TEXT,
        )
        rows.append(_linked(bar.href, shape))
    height = 12 + max(len(bars), 1) * row
    body = format_html_join("", "{}", ((r,) for r in rows))
    if not bars:
        body = format_html('<text x="8" y="22" {}>{}</text>', TEXT, _("暂无数据"))
    return _svg(chart_id, title, height, body)


def stacked_columns(
    *, chart_id: str, title: str, columns: Sequence[Column], series: Sequence[Series]
) -> SafeString:
    """Columns (months) stacked by series (kinds), with a legend and a y axis."""
    height, left, top, bottom = 260, 44, 30, 28
    plot_height = height - top - bottom
    slot = (WIDTH - left - 8) / max(len(columns), 1)
    largest = max((sum(c.values.values()) for c in columns), default=0)
    step = axis_step(largest)
    ticks = max(math.ceil(largest / step), 1)
    scale = plot_height / (ticks * step)
    parts = []
    for tick in range(ticks + 1):
        value = step * tick
        y = round(top + plot_height - value * scale, 1)
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="currentColor" '
                'stroke-opacity="0.15"/><text x="{}" y="{}" text-anchor="end" {}>{}</text>',
                left,
                WIDTH - 8,
                left - 6,
                y + 4,
                TEXT,
                f"{value:g}",
                y=y,
            )
        )
    for index, column in enumerate(columns):
        x = round(left + index * slot + slot * 0.15, 1)
        base = top + plot_height
        for item in series:
            value = column.values.get(item.key, 0)
            if not value:
                continue
            bar_height = round(value * scale, 1)
            base -= bar_height
            rect = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{} {}：{}</title></rect>",
                x,
                round(base, 1),
                round(slot * 0.7, 1),
                bar_height,
                item.colour,
                column.label,
                item.label,
                value,
            )
            parts.append(_linked(column.hrefs.get(item.key), rect))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" {}>{}</text>',
                round(x + slot * 0.35, 1),
                height - 10,
                TEXT,
                column.label,
            )
        )
    for index, item in enumerate(series):
        x = left + index * 110
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="16" {}>{}</text>',
                x,
                item.colour,
                x + 16,
                TEXT,
                item.label,
            )
        )
    return _svg(
        chart_id, title, height, format_html_join("", "{}", ((p,) for p in parts))
    )
