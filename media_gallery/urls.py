from rest_framework.routers import SimpleRouter

from media_gallery import views

router = SimpleRouter()
router.register("posters", views.PosterViewSet, basename="poster")
router.register("albums", views.AlbumViewSet, basename="album")

urlpatterns = router.urls
