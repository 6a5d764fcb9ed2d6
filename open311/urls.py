"""GeoReport v2's own paths, each in .json or .xml (the `format` DRF reads)."""

from django.urls import re_path

from open311 import views

FORMAT = r"\.(?P<format>json|xml)$"
ID = r"(?P<{}>[A-Za-z0-9_\-]{{1,60}})"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, views.DiscoveryView.as_view(), name="discovery"),
    re_path(r"^services" + FORMAT, views.ServiceListView.as_view(), name="services"),
    re_path(
        r"^services/" + ID.format("service_code") + FORMAT,
        views.ServiceDefinitionView.as_view(),
        name="service-definition",
    ),
    re_path(r"^requests" + FORMAT, views.RequestsView.as_view(), name="requests"),
    re_path(
        r"^requests/" + ID.format("service_request_id") + FORMAT,
        views.RequestDetailView.as_view(),
        name="request",
    ),
    re_path(
        r"^tokens/" + ID.format("token") + FORMAT,
        views.TokenView.as_view(),
        name="token",
    ),
    # Anything else under /open311/v2/: the spec's 404, in its format if named.
    re_path(r"^.*?(?:\.(?P<format>json|xml))?$", views.UnknownView.as_view()),
]
