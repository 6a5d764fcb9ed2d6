"""The cases API's routes. The look-up (cases/lookup/) is routed by the site, which
serves it with the citizen's ratings (portal.composed.urls)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from cases import staff_views, views, views_similar

staff_router = SimpleRouter()
staff_router.register(
    "staff/cases", staff_views.StaffCaseViewSet, basename="staff-case"
)

urlpatterns = [
    path("cases/", views.CaseSubmitView.as_view(), name="case-submit"),
    path("cases/public/", views.PublicCaseListView.as_view(), name="case-public"),
    path(
        "cases/similar/",
        views_similar.SimilarComplaintsView.as_view(),
        name="case-similar",
    ),
    path(
        "cases/lookup/sms-stop/",
        views.CaseSmsStopView.as_view(),
        name="case-sms-stop",
    ),
    *staff_router.urls,
]
