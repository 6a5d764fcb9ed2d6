"""Public, read-only API of the service posters and the photo albums."""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from media_gallery import selectors
from media_gallery.serializers import (
    AlbumDetailSerializer,
    AlbumListSerializer,
    AlbumQuerySerializer,
    PosterSerializer,
)


def _posters_etag(request, *args, **kwargs) -> str:
    return f'"posters-{selectors.posters_version()}"'


# Every phone opening the home page asks for the posters: shared caches may keep
# them for a minute, and after that a revalidation costs one aggregate query and
# answers 304 while nothing changed.
@method_decorator(
    [cache_control(public=True, max_age=60), condition(etag_func=_posters_etag)],
    name="list",
)
class PosterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Service posters showing now, in display order (a handful: not paginated)."""

    serializer_class = PosterSerializer
    pagination_class = None
    filter_backends = []
    # Public data, the same for everyone: no session, so no `Vary: Cookie`.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.posters_showing_now()


@extend_schema_view(list=extend_schema(parameters=[AlbumQuerySerializer]))
class AlbumViewSet(viewsets.ReadOnlyModelViewSet):
    """Published photo albums: the list gives covers and photo counts, the detail
    every photo with its thumbnail and large renditions."""

    filter_backends = []
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        query = AlbumQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.published_albums(
            department_id=query.validated_data.get("department")
        )

    def get_object(self):
        album = selectors.album_detail(album_id=int(self.kwargs["pk"]))
        if album is None:
            raise Http404
        return album

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AlbumDetailSerializer
        return AlbumListSerializer
