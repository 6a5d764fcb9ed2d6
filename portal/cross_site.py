"""Refuse writes to the API that a browser says come from another site.

The citizen endpoints take no login: a rating, an impression or a case is limited per
address and per browser. A hostile page could post them from each visitor's own
browser (a plain <form> needs no CORS preflight, and multipart/form-data is a "simple"
type), and so get around those limits. Browsers say where a request comes from:

- `Sec-Fetch-Site` (every current browser): `same-origin` or `none` (typed, or a
  bookmark) pass; `same-site` and `cross-site` are refused unless `Origin` is listed
  in CSRF_TRUSTED_ORIGINS.
- Without it, `Origin` (older browsers): it must be this site's own origin or listed
  in CSRF_TRUSTED_ORIGINS; `null` (sandboxed frames, some redirects) is refused.
- Neither header: not a browser page (curl, a server-to-server client), which a
  hostile page cannot make a visitor's browser send. It passes.

Only unsafe methods under /api/ are checked; the admin has Django's CSRF protection.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
ALLOWED_FETCH_SITES = {"same-origin", "none"}


def _own_origin(request) -> str:
    # As Django's CSRF check builds it: the scheme the request arrived with (behind a
    # TLS proxy, SECURE_PROXY_SSL_HEADER) and the validated Host.
    return f"{request.scheme}://{request.get_host()}"


def is_cross_site(request) -> bool:
    """Whether the browser that sent this request says another site made it."""
    origin = request.headers.get("Origin")
    if origin is not None and origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.lower() not in ALLOWED_FETCH_SITES
    if origin is None:
        return False
    return origin == "null" or origin != _own_origin(request)


class CrossSiteWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in SAFE_METHODS
            and request.path_info.startswith("/api/")
            and is_cross_site(request)
        ):
            return JsonResponse(
                {"detail": _("不接受来自其他网站的提交，请在微政务页面内操作。")},
                status=403,
            )
        return self.get_response(request)
