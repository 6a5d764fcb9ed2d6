"""The dashboard's routes: `admin` is mounted at /admin/ before the admin site
itself, so that its index (the first page staff see) is the dashboard; `api` joins
the versioned API."""

from django.contrib import admin as django_admin
from django.urls import path

from portal.dashboard import api as stats_api
from portal.dashboard import monthly_views, views

admin = [
    path(
        "",
        django_admin.site.admin_view(views.dashboard_index),
        name="dashboard",
    ),
    path(
        "qr/",
        django_admin.site.admin_view(views.qr_download),
        name="dashboard-qr",
    ),
    path(
        "dashboard/monthly/",
        django_admin.site.admin_view(monthly_views.monthly_report_view),
        name="dashboard-monthly",
    ),
]

api = [
    path("stats/", stats_api.PublicStatsView.as_view(), name="stats"),
]
