"""Back office forms. Uploads are checked in `clean_*` (so a bad file is an error
beside its field, never an error page) and stored by the admin through services."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from media_gallery import services
from media_gallery.models import Album, Photo, Poster

ACCEPT = "image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input multiple>, cleaned one by one into a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class PosterForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("图片"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "JPEG、PNG 或 WebP，不超过 10 MB；建议横图、宽 1500 像素以上。"
            "上传后自动去除定位等信息，并生成手机用图。"
        ),
    )

    class Meta:
        model = Poster
        fields = [
            "title",
            "department",
            "starts_at",
            "ends_at",
            "sort_order",
            "is_active",
            "link_type",
            "link_department",
            "link_service_type",
            "link_case_kind",
            "link_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new poster needs a picture; an existing one keeps its own unless replaced.
        self.fields["upload"].required = self.instance._state.adding

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return services.poster_image_prepare(upload=upload)


class AlbumForm(forms.ModelForm):
    new_photos = MultipleFileField(label=_("上传照片"), required=False)

    class Meta:
        model = Album
        fields = [
            "title",
            "description",
            "department",
            "cover",
            "is_published",
            "published_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_photos"].help_text = gettext(
            "可一次选择多张（最多 %(n)d 张）JPEG、PNG 或 WebP 照片，每张不超过 20 MB；"
            "照片排在相册末尾，上传后自动去除定位等信息。"
        ) % {"n": services.MAX_PHOTOS_PER_UPLOAD}
        if "cover" in self.fields:
            # Only this album's own photos can be its cover.
            cover = self.fields["cover"]
            cover.queryset = (
                Photo.objects.filter(album=self.instance).order_by("sort_order", "id")
                if self.instance.pk
                else Photo.objects.none()
            )
            cover.label_from_instance = _photo_label

    def clean_new_photos(self):
        files = self.cleaned_data.get("new_photos") or []
        return services.photos_prepare(files=files) if files else []


def _photo_label(photo: Photo) -> str:
    return (
        f"{photo.sort_order} · {photo.caption or photo.image.name.rsplit('/', 1)[-1]}"
    )
