"""Error reports to Sentry, when SENTRY_DSN is set (docs/observability.md).

Nothing personal leaves the portal. sentry-sdk's Django integration is started
with send_default_pii=False (no user, no client address), no request bodies and
no local variables in stack frames (`case_submit`'s hold the citizen's name and
phone). `scrub` then removes from every event and transaction what the SDK sends
all the same: the request's body, cookies and query string (staff searches put
phone numbers and names there), the headers that carry them or an address
(Cookie, Authorization, Referer, the forwarded ones), and the query strings and
SQL parameters in breadcrumbs and spans. Performance traces are off unless
SENTRY_TRACES_SAMPLE_RATE says otherwise.
"""

from typing import Any

# Lower case; Sentry writes header names as the request had them.
_DROPPED_HEADERS = {
    "authorization",
    "cookie",
    "forwarded",
    "proxy-authorization",
    "referer",
    "x-csrftoken",
    "x-forwarded-for",
    "x-real-ip",
}
_DROPPED_DATA = ("http.query", "http.fragment", "db.params", "url.full")


def sentry_init(
    *, dsn: str, environment: str, release: str, traces_sample_rate: float
) -> bool:
    """Start sentry-sdk; without a DSN do nothing. True when it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate or None,
        before_send=scrub,
        before_send_transaction=scrub,
        before_breadcrumb=_scrub_breadcrumb,
    )
    return True


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict:
    """An event (or transaction) without bodies, cookies, query strings or the
    headers that carry them, as Sentry's `before_send` wants it."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = _without_query(request["url"])
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in _DROPPED_HEADERS
            }
        if isinstance(request.get("env"), dict):
            request["env"].pop("REMOTE_ADDR", None)
    event.pop("user", None)
    for value in (event.get("exception") or {}).get("values") or ():
        for frame in (value.get("stacktrace") or {}).get("frames") or ():
            frame.pop("vars", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values") or ():
        _scrub_breadcrumb(crumb)
    for span in event.get("spans") or ():
        _scrub_data(span.get("data"))
    return event


def _scrub_breadcrumb(crumb: dict[str, Any], hint: Any = None) -> dict:
    _scrub_data(crumb.get("data"))
    return crumb


def _scrub_data(data: Any) -> None:
    if not isinstance(data, dict):
        return
    for key in _DROPPED_DATA:
        data.pop(key, None)
    if isinstance(data.get("url"), str):
        data["url"] = _without_query(data["url"])


def _without_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]
