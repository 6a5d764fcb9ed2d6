"""Root URLs: the H5 page, the back office, the versioned API and its docs."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal import config_api, health, metrics, views
from portal.dashboard import urls as dashboard_urls

admin.site.site_header = "微政务管理后台"
admin.site.site_title = "微政务管理后台"
admin.site.index_title = "后台首页"

# Chinese error pages: JSON under /api/, admin pages under /admin/, H5 elsewhere.
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"

# Swagger UI: its start-up script comes from the same URL (the split view), but it
# styles itself inline and draws icons from data: URLs. Only this page allows that.
API_DOCS_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
}

api_v1 = [
    # Before departments and cases: its paths sit under theirs (departments/{id}/...).
    path("", include("feedback.urls")),
    path("", include("departments.urls")),
    path("", include("cases.urls")),
    path("", include("knowledge.urls")),
    # The departments, leaders and look-up with their ratings (portal/composed/).
    path("", include("portal.composed.urls")),
    path("", include("media_gallery.urls")),
    path("", include("notices.urls")),
    path("", include("surveys.urls")),
    # A citizen's own cases, signed in by a code sent to their phone (citizens/).
    path("", include("citizens.urls")),
    # Booking a window (预约) and 我的预约 (appointments/).
    path("", include("appointments.urls")),
    path("", include(dashboard_urls.api)),
    path("config/", config_api.ClientConfigView.as_view(), name="client-config"),
]

urlpatterns = [
    path("", views.h5_shell, name="h5"),
    path("healthz", views.healthz, name="healthz"),
    # A notice's share page: its Open Graph tags, then the H5 page at the notice.
    path("n/<int:pk>", views.notice_share, name="notice-share"),
    path("readyz", health.ReadinessView.as_view(), name="readyz"),
    # Prometheus, from METRICS_ALLOWED_IPS only (docs/observability.md).
    path("metrics", metrics.metrics_view, name="metrics"),
    # First: the dashboard answers the admin index (/admin/) itself, and /admin/qr/.
    path("admin/", include(dashboard_urls.admin)),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="v1")),
    # Open311 GeoReport v2 for other systems' clients (open311/, docs/open311.md).
    path("open311/v2/", include(("open311.urls", "open311"), namespace="open311")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        csp_override(API_DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
]

# The embedded set-up serves uploads itself; behind a web server or an object store,
# SERVE_MEDIA=false hands the public ones over. Case photos always come through
# here, where access is decided (docs/security/privacy.md).
# With an object store at another address (MEDIA_URL absolute), the public files
# are the bucket's; /media/ stays the portal's door to the private ones, which
# answers with a signed URL once it has decided access.
media_prefix = (
    settings.MEDIA_URL.lstrip("/") if settings.MEDIA_URL.startswith("/") else "media/"
)
urlpatterns += [
    re_path(
        rf"^{media_prefix}(?P<path>.*)$",
        views.media,
        name="media",
    )
]
