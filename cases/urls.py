from django.urls import path
from rest_framework.routers import SimpleRouter

from cases import staff_views, views

staff_router = SimpleRouter()
staff_router.register(
    "staff/cases", staff_views.StaffCaseViewSet, basename="staff-case"
)

urlpatterns = [
    path("cases/", views.CaseSubmitView.as_view(), name="case-submit"),
    path("cases/lookup/", views.CaseLookupView.as_view(), name="case-lookup"),
    path("cases/public/", views.PublicCaseListView.as_view(), name="case-public"),
    *staff_router.urls,
]
