"""The departments API's own routes. departments/ and leaders/ are routed by the
site, which serves them with the citizens' ratings (portal.composed.urls)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from departments import views

router = SimpleRouter()
router.register("service-types", views.ServiceTypeViewSet, basename="service-type")

urlpatterns = [
    *router.urls,
    path("service-points/", views.ServicePointsView.as_view(), name="service-points"),
]
