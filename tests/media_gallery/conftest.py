"""Helpers for the gallery tests: pictures made in memory with Pillow, posters and
albums made through the services, and a look at what storage holds."""

import os
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from media_gallery import services
from media_gallery.models import Album


def jpeg(width=400, height=300, colour="teal", **options) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def noisy_jpeg(width=300, height=200) -> bytes:
    # Random pixels compress badly, so cutting the file really loses pixel data.
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def gps_jpeg(width=640, height=480) -> bytes:
    """A camera-like JPEG: GPS position, maker, date taken, a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.DateTime] = "2026:05:01 09:30:00"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = (
        "2026:04:30 08:15:00"
    )
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 39.0, 5.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (117.0, 7.0, 12.0)
    return jpeg(width, height, exif=exif, comment=b"taken at home")


def upload(data=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg() if data is None else data, content_type)


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def all_exist(names) -> bool:
    return all(name and default_storage.exists(name) for name in names)


def none_exist(names) -> bool:
    return not any(default_storage.exists(name) for name in names if name)


@pytest.fixture
def make_poster(db):
    """`make_poster(**fields)`: a poster through the service, showing since an
    hour ago unless told otherwise."""

    def make(*, image=None, **fields):
        fields.setdefault("title", "一网通办")
        fields.setdefault("starts_at", timezone.now() - timedelta(hours=1))
        return services.poster_create(image=image or upload(jpeg(120, 60)), **fields)

    return make


@pytest.fixture
def make_album(db):
    """`make_album(photos=N, **fields)`: a published album with N small photos."""

    def make(*, photos=0, **fields):
        fields.setdefault("title", "便民服务季")
        fields.setdefault("is_published", True)
        album = Album.objects.create(**fields)
        for start in range(0, photos, services.MAX_PHOTOS_PER_UPLOAD):
            end = min(photos, start + services.MAX_PHOTOS_PER_UPLOAD)
            services.photos_add(
                album=album,
                files=[
                    upload(jpeg(64, 48), name=f"p{n}.jpg") for n in range(start, end)
                ],
            )
        return album

    return make
