"""Project-wide views: the H5 shell, the health and readiness checks, uploaded media."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve

from appointments import files as appointment_files
from cases import photos as case_photos
from notices import selectors as notice_selectors
from portal.client_config import client_config

# Modules the home screen needs at once: preloaded so the browser fetches them in
# parallel with app.js instead of discovering them one import at a time.
H5_PRELOAD = [
    "h5/app.js",
    "h5/dom.js",
    "h5/api.js",
    "h5/store.js",
    "h5/config.js",
    "h5/home.js",
    "h5/emblem.js",
    "h5/speech.js",
]


def h5_modules() -> list[str]:
    """Every ES module of the H5 client, as static paths (`h5/app.js`, ...)."""
    folder = finders.find("h5")
    if not folder:
        return []
    root = Path(folder)
    return sorted(
        f"h5/{path.relative_to(root).as_posix()}" for path in root.rglob("*.js")
    )


def h5_import_map() -> str:
    """An import map from each module's plain URL to its stored (hashed) URL.

    The modules import each other with relative paths (`./api.js`). The manifest
    storage hashes file names but does not rewrite JavaScript imports, so the map
    sends `/static/h5/api.js` to `/static/h5/api.3f9c2a1b.js`; with plain storage
    in development it maps each URL to itself.
    """
    imports = {settings.STATIC_URL + path: static(path) for path in h5_modules()}
    # Static URLs carry no "<", but the JSON sits inside a <script> element.
    return json.dumps({"imports": imports}, separators=(",", ":")).replace(
        "<", "\\u003c"
    )


# GET and HEAD: uptime monitors check the home page and /healthz with HEAD.
@require_safe
@cache_control(no_cache=True)
def h5_shell(request, *, share: dict | None = None):
    """The citizens' mobile page; it reads everything else from /api/v1/.

    Revalidated on every visit (WeChat's WebView caches eagerly): it names the
    hashed files of the current deployment, which are themselves cached for good.
    `share`: the Open Graph tags and the screen of a shared link (notice_share).
    """
    context = {
        "share": share,
        # The server's rules the page shows (portal/client_config.py), read by
        # static/h5/config.js; the same object as GET /api/v1/config/.
        "client_config": client_config(),
        "import_map": h5_import_map(),
        "preload": [static(path) for path in H5_PRELOAD],
    }
    return render(request, "h5/index.html", context)


@require_safe
def notice_share(request, pk):
    """/n/{id}: what WeChat shows for a shared notice (title, summary, 640×360
    cover), then the H5 page opens at it. A notice not shown is a 404."""
    tags = notice_selectors.share_tags(notice_id=pk)
    if tags is None:
        raise Http404
    if tags["image"]:
        tags["image"] = request.build_absolute_uri(tags["image"])
    tags["url"] = request.build_absolute_uri()
    return h5_shell(request, share=tags)


@require_safe
def healthz(request):
    """Liveness: this process answers requests. It asks nothing of the database,
    the cache or the storage (that is /readyz, portal/health.py), so that an
    outage of one of them makes the load balancer wait, not an orchestrator
    restart every node."""
    return JsonResponse({"status": "ok"})


@require_GET
def media(request, path):
    """Uploaded files. Case photos are personal data and go to `cases.photos`
    whatever the path looks like (`x/../cases/...` too); the public pictures
    (gallery, department logos) are served here when SERVE_MEDIA is on."""
    name = case_photos.stored_name(path)
    if case_photos.is_case_photo(name):
        return case_photos.serve_photo(request=request, name=name)
    if appointment_files.is_private(name):
        raise Http404  # pre-check photos: through their booking's pages only
    if not settings.SERVE_MEDIA:
        raise Http404
    return _public_media(request, path)


@cache_control(public=True, max_age=86400)
def _public_media(request, path):
    # Every stored name is random, so they can be cached for a day.
    response: HttpResponse = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    return response
