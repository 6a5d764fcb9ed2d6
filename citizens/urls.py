"""Routes of the citizen's own API, under /api/v1/me/. The case itself
(me/cases/<number>/) is routed by the site (portal.composed.urls)."""

from django.urls import path

from citizens import views

NUMBER = "<str:number>"

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/wechat/", views.WeChatView.as_view(), name="me-wechat"),
    path("me/code/", views.LoginCodeView.as_view(), name="me-code"),
    path("me/login/", views.LoginView.as_view(), name="me-login"),
    path("me/logout/", views.LogoutView.as_view(), name="me-logout"),
    path("me/cases/", views.MyCaseListView.as_view(), name="me-cases"),
    path(
        f"me/cases/{NUMBER}/evaluation/",
        views.MyCaseEvaluationView.as_view(),
        name="me-case-evaluation",
    ),
    path(
        f"me/cases/{NUMBER}/stop-sms/",
        views.MyCaseStopSmsView.as_view(),
        name="me-case-stop-sms",
    ),
    path(
        f"me/cases/{NUMBER}/query-code/",
        views.MyCaseQueryCodeView.as_view(),
        name="me-case-query-code",
    ),
]
