"""Output shapes of the public gallery API (read-only). Every picture is given as
`{"url", "width", "height"}`, so a page can lay it out before it loads; URLs are
absolute, like the rest of the API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from departments.serializers import DepartmentRefSerializer
from kernel.api.fields import IdField
from kernel.api.inputs import QuerySerializer
from kernel.api.serializers import ModelSerializer
from media_gallery import selectors
from media_gallery.models import Album, Photo, Poster


class GalleryImageSerializer(serializers.Serializer):
    """The shape of every picture in this API (documentation of the output)."""

    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class PosterLinkSerializer(serializers.Serializer):
    """Where a poster leads: the fields present depend on `type`."""

    type = serializers.ChoiceField(choices=Poster.LinkType.choices[1:])
    id = serializers.IntegerField(required=False)
    title = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    department_id = serializers.IntegerField(required=False)
    url = serializers.URLField(required=False)


def image_data(serializer, field_file, width: int, height: int) -> dict | None:
    if not field_file:
        return None
    url = field_file.url
    request = serializer.context.get("request")
    return {
        "url": request.build_absolute_uri(url) if request else url,
        "width": width,
        "height": height,
    }


class PosterSerializer(ModelSerializer):
    image = serializers.SerializerMethodField(help_text=_("约 750 像素宽的手机图"))
    original = serializers.SerializerMethodField(help_text=_("原图"))
    link = serializers.SerializerMethodField()
    department = DepartmentRefSerializer(allow_null=True)

    class Meta:
        model = Poster
        fields = [
            "id",
            "title",
            "image",
            "original",
            "link",
            "department",
            "starts_at",
            "ends_at",
        ]

    @extend_schema_field(GalleryImageSerializer)
    def get_image(self, poster):
        return image_data(self, poster.image_750, poster.width_750, poster.height_750)

    @extend_schema_field(GalleryImageSerializer)
    def get_original(self, poster):
        return image_data(self, poster.image, poster.width, poster.height)

    @extend_schema_field(PosterLinkSerializer(allow_null=True))
    def get_link(self, poster):
        """Where a tap leads, or null; a target the public cannot open (inactive
        department, closed service) is no link."""
        kind = poster.link_type
        if kind == Poster.LinkType.DEPARTMENT:
            target = poster.link_department
            if target and target.is_active:
                return {"type": kind, "id": target.pk, "title": target.name}
        elif kind == Poster.LinkType.SERVICE_TYPE:
            target = poster.link_service_type
            if (
                target
                and target.is_active
                and target.window.is_active
                and target.window.department.is_active
            ):
                return {
                    "type": kind,
                    "id": target.pk,
                    "title": target.name,
                    "department_id": target.window.department_id,
                }
        elif kind == Poster.LinkType.CASE_FORM and poster.link_case_kind:
            return {
                "type": kind,
                "kind": poster.link_case_kind,
                "title": poster.get_link_case_kind_display(),
            }
        elif kind == Poster.LinkType.URL and poster.link_url:
            return {"type": kind, "url": poster.link_url}
        return None


class AlbumListSerializer(ModelSerializer):
    department = DepartmentRefSerializer(allow_null=True)
    cover = serializers.SerializerMethodField(help_text=_("封面缩略图"))
    photo_count = serializers.IntegerField()

    class Meta:
        model = Album
        fields = [
            "id",
            "title",
            "description",
            "department",
            "cover",
            "photo_count",
            "published_on",
        ]

    @extend_schema_field(GalleryImageSerializer(allow_null=True))
    def get_cover(self, album):
        photo = selectors.album_cover(album=album)
        if photo is None:
            return None
        return image_data(
            self, photo.thumbnail, photo.thumbnail_width, photo.thumbnail_height
        )


class PhotoSerializer(ModelSerializer):
    thumbnail = serializers.SerializerMethodField(help_text=_("约 320 像素宽"))
    large = serializers.SerializerMethodField(help_text=_("约 1280 像素宽"))

    class Meta:
        model = Photo
        fields = ["id", "caption", "taken_on", "thumbnail", "large"]

    @extend_schema_field(GalleryImageSerializer)
    def get_thumbnail(self, photo):
        return image_data(
            self, photo.thumbnail, photo.thumbnail_width, photo.thumbnail_height
        )

    @extend_schema_field(GalleryImageSerializer)
    def get_large(self, photo):
        return image_data(self, photo.large, photo.large_width, photo.large_height)


class AlbumDetailSerializer(AlbumListSerializer):
    photos = PhotoSerializer(source="ordered_photos", many=True)

    class Meta(AlbumListSerializer.Meta):
        fields = [*AlbumListSerializer.Meta.fields, "photos"]


class AlbumQuerySerializer(QuerySerializer):
    department = IdField(required=False, label=_("部门"), help_text=_("部门 id"))
