"""A notice's Markdown as HTML safe to show: CommonMark by markdown-it-py with raw
HTML off, then nh3 (ammonia) keeps only the tags below, no script, no style, no
event handler, no inline style, and links and images only to the portal itself:
a path on this site (`/media/…`, `/#/…`) or the portal's own public address
(PORTAL_PUBLIC_URL). Anything else loses its address (the text stays)."""

from functools import cache

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "del", "blockquote",
    "ul", "ol", "li", "a", "img", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}


@cache
def _markdown() -> MarkdownIt:
    # "commonmark" with tables; html=False turns raw HTML in the text into text.
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .enable("strikethrough")
    )


def is_portal_address(url: str) -> bool:
    """A path on this site or an address under the portal's public URL."""
    url = url.strip()
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return True
    public = settings.PORTAL_PUBLIC_URL
    return bool(public) and (url == public or url.startswith(public + "/"))


def _portal_only(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and not is_portal_address(value):
        return None
    return value


def render_markdown(text: str) -> str:
    """The sanitised HTML of a notice's body."""
    html = _markdown().render(text or "")
    # The page's h1 is the notice's title: a "#" heading in the body is an h2.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_portal_only,
        url_schemes={"http", "https"},
        link_rel="noopener",
        strip_comments=True,
    )
