from django.urls import path

from cases import views

urlpatterns = [
    path("cases/", views.CaseSubmitView.as_view(), name="case-submit"),
    path("cases/lookup/", views.CaseLookupView.as_view(), name="case-lookup"),
    path("cases/public/", views.PublicCaseListView.as_view(), name="case-public"),
]
