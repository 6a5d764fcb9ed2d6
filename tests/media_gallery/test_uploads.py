"""Pictures pass through kernel.images: location and other metadata are gone from
every stored file, renditions are made once at upload, and bad files are refused
in Chinese with nothing stored."""

import datetime
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from media_gallery import services
from media_gallery.models import Photo, Poster
from tests.media_gallery.conftest import (
    all_exist,
    gps_jpeg,
    jpeg,
    noisy_jpeg,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def _reopen(name):
    with default_storage.open(name) as stored:
        image = Image.open(BytesIO(stored.read()))
        image.load()
    return image


def _png_claiming(width, height) -> bytes:
    """A 1x1 PNG whose header claims `width` x `height`: a decompression bomb."""
    buffer = BytesIO()
    Image.new("1", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_a_photo_with_gps_tags_is_stored_without_any_metadata(make_album):
    album = make_album()
    assert Image.open(BytesIO(gps_jpeg())).getexif().get_ifd(0x8825)  # has GPS

    (photo,) = services.photos_add(album=album, files=[upload(gps_jpeg())])

    for name in photo.file_names:
        image = _reopen(name)
        assert not image.getexif(), name
        assert "exif" not in image.info
        assert "comment" not in image.info
        assert image.format == "JPEG"


def test_a_poster_with_gps_tags_is_stored_without_any_metadata(make_poster):
    poster = make_poster(image=upload(gps_jpeg()))

    for name in poster.file_names:
        assert not _reopen(name).getexif(), name


def test_photos_get_a_thumbnail_and_a_large_rendition_with_their_sizes(make_album):
    album = make_album()

    (photo,) = services.photos_add(album=album, files=[upload(jpeg(2000, 1500))])

    photo = Photo.objects.get(pk=photo.pk)
    assert (photo.width, photo.height) == (2000, 1500)
    assert (photo.thumbnail_width, photo.thumbnail_height) == (320, 240)
    assert (photo.large_width, photo.large_height) == (1280, 960)
    assert _reopen(photo.thumbnail.name).size == (320, 240)
    assert _reopen(photo.large.name).size == (1280, 960)
    assert all_exist(photo.file_names)


def test_a_poster_gets_its_750_px_rendition_once_at_upload(make_poster):
    poster = make_poster(image=upload(jpeg(2000, 800)))

    assert _reopen(poster.image_750.name).size == (750, 300)
    assert (poster.width_750, poster.height_750) == (750, 300)
    assert _reopen(poster.image.name).size == (2000, 800)


def test_the_date_taken_comes_from_the_cameras_exif(make_album):
    (photo,) = services.photos_add(album=make_album(), files=[upload(gps_jpeg())])

    assert photo.taken_on == datetime.date(2026, 4, 30)


def test_photos_are_appended_in_steps_of_ten(make_album):
    album = make_album(photos=2)

    services.photos_add(album=album, files=[upload(), upload()])

    assert list(album.photos.values_list("sort_order", flat=True)) == [10, 20, 30, 40]


BAD_FILES = {
    "text named .jpg": (b"this is not a picture", "上传的文件不是有效的图片。"),
    "truncated JPEG": (noisy_jpeg()[:3000], "图片文件已损坏或不完整，请重新上传。"),
    "decompression bomb": (
        _png_claiming(100_000, 100_000),
        "图片尺寸异常，疑似恶意文件，已拒绝。",
    ),
    "too many pixels": (
        _png_claiming(10_000, 8_000),
        "图片像素过多，请缩小尺寸后再上传。",
    ),
    "GIF": (
        b"GIF89a" + b"\0" * 20,
        "不支持该图片格式，请上传 JPEG、PNG 或 WebP 图片。",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_photo_is_refused_in_chinese_and_nothing_is_stored(
    make_album, settings, case
):
    data, message = BAD_FILES[case]
    album = make_album()

    with pytest.raises(ValidationError) as excinfo:
        services.photos_add(album=album, files=[upload(data, name="bad.jpg")])

    assert excinfo.value.messages == [f"bad.jpg：{message}"]
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_poster_image_is_refused_in_chinese_and_nothing_is_stored(
    make_poster, settings, case
):
    data, message = BAD_FILES[case]

    with pytest.raises(ValidationError) as excinfo:
        make_poster(image=upload(data))

    assert excinfo.value.messages == [message]
    assert not Poster.objects.exists()
    assert stored_files(settings) == []


def test_a_bomb_is_refused_by_the_lowered_pixel_limit(
    make_album, monkeypatch, settings
):
    monkeypatch.setattr(services, "MAX_PIXELS", 10_000)

    with pytest.raises(ValidationError) as excinfo:
        services.photos_add(album=make_album(), files=[upload(jpeg(200, 100))])

    assert excinfo.value.messages == ["photo.jpg：图片像素过多，请缩小尺寸后再上传。"]
    assert stored_files(settings) == []


def test_a_batch_with_one_bad_file_adds_nothing_and_names_each_bad_file(
    make_album, settings
):
    album = make_album()
    files = [
        upload(name="good1.jpg"),
        upload(b"not an image", name="notes.jpg"),
        upload(name="good2.jpg"),
        upload(noisy_jpeg()[:2000], name="cut.jpg"),
    ]

    with pytest.raises(ValidationError) as excinfo:
        services.photos_add(album=album, files=files)

    assert excinfo.value.messages == [
        "notes.jpg：上传的文件不是有效的图片。",
        "cut.jpg：图片文件已损坏或不完整，请重新上传。",
    ]
    assert not album.photos.exists()
    assert stored_files(settings) == []


def test_a_failing_insert_removes_the_files_already_written(
    make_album, settings, monkeypatch
):
    album = make_album()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Photo.objects, "bulk_create", broken)

    with pytest.raises(RuntimeError):
        services.photos_add(album=album, files=[upload(), upload()])

    assert stored_files(settings) == []


def test_too_many_photos_at_once_are_refused(make_album, monkeypatch):
    monkeypatch.setattr(services, "MAX_PHOTOS_PER_UPLOAD", 2)

    with pytest.raises(ValidationError) as excinfo:
        services.photos_add(album=make_album(), files=[upload()] * 3)

    assert excinfo.value.messages == ["一次最多上传 2 张照片。"]
