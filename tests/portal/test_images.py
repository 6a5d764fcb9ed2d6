"""Tests for kernel.images; every image is generated in memory with Pillow."""

import os
import re
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageFile
from PIL.PngImagePlugin import PngInfo

from kernel.images import content_file_name, delete_files, process_upload


def encode(image, fmt, **options):
    buffer = BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def reopen(encoded):
    encoded.file.seek(0)
    image = Image.open(BytesIO(encoded.file.read()))
    image.load()
    return image


def noisy_rgb(size=(200, 120)):
    # Random pixels compress badly, so cutting the file really loses pixel data.
    return Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))


def assert_refused(data, code, **kwargs):
    with pytest.raises(ValidationError) as excinfo:
        process_upload(upload=upload(data), **kwargs)
    assert excinfo.value.code == code


def gps_jpeg_on_its_side():
    """A 40x20 JPEG, left half red, tagged Orientation=6 with GPS and XMP."""
    image = Image.new("RGB", (40, 20), "blue")
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 14.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 28.0, 0.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(
        image,
        "JPEG",
        exif=exif,
        comment=b"shot at home",
        xmp=b"<x:xmpmeta>secret</x:xmpmeta>",
        icc_profile=srgb,
        quality=95,
    )


def png_claiming(width, height):
    """A tiny valid 1x1 PNG whose header claims ``width`` x ``height``."""
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    # IHDR sits at a fixed place: 8-byte signature, length, type, then fields.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_the_input_fixture_really_carries_gps_and_orientation():
    with Image.open(BytesIO(gps_jpeg_on_its_side())) as image:
        exif = image.getexif()
        assert exif[ExifTags.Base.Orientation] == 6
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)


def test_it_rotates_by_exif_orientation_and_strips_all_metadata():
    result = process_upload(upload=upload(gps_jpeg_on_its_side()))

    assert (result.width, result.height) == (20, 40)
    assert result.format == "JPEG"
    assert result.content_type == "image/jpeg"
    image = reopen(result.original)
    assert image.size == (20, 40)
    # Orientation 6 turns the red left half into the top half.
    red, _green, blue = image.getpixel((10, 5))
    assert red > 200 and blue < 60
    assert not image.getexif()
    for key in ("exif", "xmp", "comment", "icc_profile"):
        assert key not in image.info
    raw = result.original.file.read()
    assert b"Exif" not in raw and b"xmpmeta" not in raw and b"shot at home" not in raw


def test_it_strips_gps_exif_from_renditions_too():
    result = process_upload(upload=upload(gps_jpeg_on_its_side()))

    thumb = reopen(result.renditions["thumb"])
    assert not thumb.getexif()
    assert thumb.size == (20, 40)


def test_it_writes_progressive_jpegs():
    result = process_upload(upload=upload(encode(noisy_rgb(), "JPEG")))

    assert reopen(result.original).info.get("progressive") == 1


def test_it_keeps_png_with_alpha_as_png_and_makes_a_webp_rendition():
    image = Image.new("RGBA", (800, 400), (0, 128, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 400, 400))
    info = PngInfo()
    info.add_text("Author", "张三")
    data = encode(image, "PNG", pnginfo=info)

    result = process_upload(upload=upload(data, "logo.png", "image/png"))

    original = reopen(result.original)
    assert (result.format, original.mode, original.size) == ("PNG", "RGBA", (800, 400))
    assert original.getpixel((700, 10))[3] == 0
    assert "Author" not in original.info
    thumb = result.renditions["thumb"]
    assert (thumb.format, thumb.content_type) == ("WEBP", "image/webp")
    assert (thumb.width, thumb.height) == (320, 160)
    assert reopen(thumb).mode == "RGBA"


def test_it_treats_a_fully_opaque_alpha_channel_as_no_alpha():
    data = encode(Image.new("RGBA", (50, 50), (10, 20, 30, 255)), "PNG")

    result = process_upload(upload=upload(data))

    assert reopen(result.original).mode == "RGB"
    assert result.renditions["thumb"].format == "JPEG"


def test_it_keeps_webp_as_webp():
    result = process_upload(upload=upload(encode(noisy_rgb(), "WEBP"), "a.webp"))

    assert result.format == "WEBP"
    assert reopen(result.original).format == "WEBP"
    assert result.renditions["thumb"].format == "JPEG"


def test_it_converts_cmyk_and_palette_images_to_rgb():
    cmyk = encode(Image.new("CMYK", (30, 30), (0, 255, 255, 0)), "JPEG")
    palette = Image.new("P", (30, 30), 0)
    palette.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9])
    palette.paste(3, (0, 0, 15, 30))  # Left half uses the transparent entry.
    palette.info["transparency"] = 3

    from_cmyk = reopen(process_upload(upload=upload(cmyk)).original)
    from_palette = reopen(
        process_upload(upload=upload(encode(palette, "PNG"))).original
    )
    assert from_cmyk.mode == "RGB"
    assert from_palette.mode == "RGBA"
    assert from_palette.getpixel((1, 1))[3] == 0
    assert from_palette.getpixel((20, 1)) == (255, 0, 0, 255)


@pytest.mark.parametrize(
    ("mode", "colour", "expected"),
    [
        ("1", 1, (255, 255, 255)),
        ("L", 128, (128, 128, 128)),
        ("LA", (128, 100), (128, 128, 128, 100)),
        ("I;16", 40000, (156, 156, 156)),  # 16-bit grey is scaled, not clipped.
    ],
)
def test_it_normalises_greyscale_png_modes_to_rgb_or_rgba(mode, colour, expected):
    data = encode(Image.new(mode, (20, 20), colour), "PNG")

    result = process_upload(upload=upload(data))

    assert reopen(result.original).getpixel((1, 1)) == expected


def test_it_decides_the_format_from_the_bytes_not_the_client():
    data = encode(Image.new("RGB", (10, 10)), "PNG")

    result = process_upload(upload=upload(data, "photo.jpg", "image/jpeg"))

    assert result.format == "PNG"
    assert result.original.file.name.endswith(".png")


def test_it_downscales_renditions_keeping_aspect_ratio_but_never_upscales():
    data = encode(noisy_rgb((1000, 500)), "JPEG")

    result = process_upload(upload=upload(data), renditions={"thumb": 320, "big": 2000})

    thumb, big = result.renditions["thumb"], result.renditions["big"]
    assert (thumb.width, thumb.height) == (320, 160) == reopen(thumb).size
    assert (big.width, big.height) == (1000, 500) == reopen(big).size


def test_it_gives_every_file_a_random_name_unrelated_to_the_upload():
    data = encode(Image.new("RGB", (10, 10)), "JPEG")

    first = process_upload(upload=upload(data, "../../张三 身份证.jpg"))
    second = process_upload(upload=upload(data, "../../张三 身份证.jpg"))

    name = first.original.file.name
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", name)
    assert first.renditions["thumb"].file.name == name.replace(".jpg", "_thumb.jpg")
    assert second.original.file.name != name


def test_it_refuses_files_over_max_bytes_without_reading_them():
    class Unreadable(ContentFile):
        def read(self, *args):
            raise AssertionError("the size check must come first")

    with pytest.raises(ValidationError) as excinfo:
        process_upload(upload=Unreadable(b"x" * 2000, name="a.jpg"), max_bytes=1000)
    assert excinfo.value.code == "too_large"


def test_it_refuses_oversized_files_even_when_the_size_is_unknown():
    class NoSize(ContentFile):
        size = None

    data = encode(noisy_rgb(), "PNG")
    with pytest.raises(ValidationError) as excinfo:
        process_upload(upload=NoSize(data, name="a.png"), max_bytes=len(data) - 1)
    assert excinfo.value.code == "too_large"


def test_it_refuses_a_text_file_named_jpg():
    assert_refused("我不是图片\n".encode() * 20, "not_image")


def test_it_refuses_an_empty_file():
    assert_refused(b"", "not_image")


def test_it_refuses_gif_as_unsupported():
    assert_refused(encode(Image.new("P", (10, 10)), "GIF"), "unsupported_format")


def test_it_refuses_svg_as_unsupported():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    assert_refused(svg, "unsupported_format")


def test_it_refuses_a_truncated_jpeg():
    data = encode(noisy_rgb(), "JPEG")
    assert_refused(data[: len(data) // 2], "truncated")


def test_it_refuses_a_truncated_png():
    data = encode(noisy_rgb(), "PNG")
    assert_refused(data[: len(data) // 2], "truncated")


def test_it_refuses_to_run_if_truncated_images_were_switched_on(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = encode(noisy_rgb(), "JPEG")

    with pytest.raises(ImproperlyConfigured):
        process_upload(upload=upload(data[: len(data) // 2]))


def test_it_refuses_images_over_max_pixels():
    assert_refused(
        encode(Image.new("RGB", (100, 100)), "PNG"), "too_many_pixels", max_pixels=5000
    )


def test_it_refuses_a_decompression_bomb():
    data = png_claiming(20000, 20000)
    assert len(data) < 100

    assert_refused(data, "decompression_bomb", max_pixels=10**9)


def test_it_treats_the_decompression_bomb_warning_as_an_error(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    # 1600 pixels: over the warning limit, under Pillow's 2x hard limit.
    data = encode(Image.new("RGB", (40, 40)), "PNG")

    assert_refused(data, "decompression_bomb")


def test_it_rejects_badly_named_renditions_as_a_programming_error():
    data = encode(Image.new("RGB", (10, 10)), "PNG")

    with pytest.raises(ValueError):
        process_upload(upload=upload(data), renditions={"../x": 100})


def test_content_file_name_is_random_with_the_given_extension():
    name = content_file_name(ext=".webp", prefix="posters/")

    assert re.fullmatch(r"posters/[0-9a-f]{32}\.webp", name)
    assert content_file_name(ext="jpg") != content_file_name(ext="jpg")


class DictStorage(Storage):
    """Just enough of a storage backend to test deletion without settings."""

    def __init__(self, names, broken=()):
        self.files = set(names)
        self.broken = set(broken)

    def delete(self, name):
        if name in self.broken:
            raise PermissionError(name)
        if name not in self.files:
            raise FileNotFoundError(name)
        self.files.remove(name)


def test_delete_files_removes_files_and_ignores_missing_or_blank_names():
    storage = DictStorage({"a.jpg", "a_thumb.jpg", "keep.jpg"})

    delete_files(storage=storage, names=["a.jpg", "gone.jpg", None, "", "a_thumb.jpg"])

    assert storage.files == {"keep.jpg"}


def test_delete_files_logs_other_errors_and_carries_on(caplog):
    storage = DictStorage({"a.jpg", "b.jpg"}, broken={"a.jpg"})

    delete_files(storage=storage, names=["a.jpg", "b.jpg"])

    assert storage.files == {"a.jpg"}
    assert "a.jpg" in caplog.text
