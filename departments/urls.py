"""The departments API's own routes. departments/ and leaders/ are routed by the
site, which serves them with the citizens' ratings (portal.composed.urls)."""

from rest_framework.routers import SimpleRouter

from departments import views

router = SimpleRouter()
router.register("service-types", views.ServiceTypeViewSet, basename="service-type")

urlpatterns = router.urls
