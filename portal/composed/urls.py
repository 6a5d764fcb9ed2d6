"""Routes of the composed API pieces, at the URLs their apps' own views would
have: departments/ and leaders/ (with ratings), cases/lookup/ (with 好差评).
Joined into the versioned API by portal/urls.py, beside the apps' own routes."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from portal.composed import cases, citizen_cases, departments

router = SimpleRouter()
router.register(
    "departments", departments.RatedDepartmentViewSet, basename="department"
)
router.register("leaders", departments.RatedLeaderViewSet, basename="leader")

urlpatterns = [
    path("cases/lookup/", cases.RatedCaseLookupView.as_view(), name="case-lookup"),
    path(
        "cases/<str:number>/supplement/",
        citizen_cases.CaseSupplementView.as_view(),
        name="case-supplement",
    ),
    path(
        "me/cases/<str:number>/",
        citizen_cases.MyCaseDetailView.as_view(),
        name="me-case",
    ),
    *router.urls,
]
