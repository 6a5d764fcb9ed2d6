from rest_framework.routers import SimpleRouter

from departments import views

router = SimpleRouter()
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("service-types", views.ServiceTypeViewSet, basename="service-type")
router.register("leaders", views.LeaderViewSet, basename="leader")

urlpatterns = router.urls
