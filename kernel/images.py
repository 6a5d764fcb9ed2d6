"""Validate, sanitise and re-encode uploaded images.

This is the single image pipeline shared by the cases app (citizen photos) and
the media gallery (posters and photos). ``process_upload`` either raises a
``ValidationError`` with a Chinese message and a stable ``code`` or returns
freshly encoded files that are safe to hand to a storage backend.

Design choices:

* The format is decided by what Pillow detects in the bytes; the client's file
  name and content type are ignored. Only the JPEG, PNG and WebP decoders are
  ever run, which keeps the decoder attack surface small. Other well-known
  image types (GIF, SVG, HEIC, BMP, TIFF, ...) are recognised by their magic
  bytes only to give a helpful "unsupported format" message.
* Pixel limits are checked from the header before any pixel data is decoded,
  and Pillow's decompression-bomb warning is escalated to an error. A small
  file that claims many pixels (a flat 6000x6000 PNG is 35 KB and decodes to
  108 MB) is refused there too: above ``RATIO_FREE_PIXELS``, no image may claim
  more than ``IMAGE_MAX_PIXELS_PER_BYTE`` pixels per byte of file. Real photos
  carry under 15; such files exist only to make a server decode them.
* Decoding is the expensive part (time and, above all, memory), so at most
  ``IMAGE_DECODE_CONCURRENCY`` images decode at once per process; the others
  wait their turn. ``image_pixels`` reads only the header, so a caller can hold
  a whole request to a pixel budget before decoding any of it.
* With ``max_edge``, the original is scaled down to fit it; JPEGs are then
  decoded at a reduced scale (``draft``) when that still covers it, which
  costs a fraction of a full decode.
* Truncated or damaged files are refused: ``verify()`` runs first, then a
  fresh decoder fully ``load()``s the image. This relies on Pillow's default
  ``ImageFile.LOAD_TRUNCATED_IMAGES = False``; if anything in the process has
  switched it on, processing fails loudly instead of accepting padded images.
* The EXIF orientation is applied to the pixels, then every piece of metadata
  (EXIF incl. GPS, XMP, comments, text chunks, DPI) is dropped. Embedded ICC
  profiles are converted to sRGB and then dropped too, because browsers treat
  untagged images as sRGB, so colours stay right without shipping a profile.
* The original keeps its format: JPEG (quality 85, optimised, progressive),
  PNG (zlib level 3) or WebP (quality 85). PNG is not ``optimize``d: the sender
  controls how hard its pixels compress, and on a 4096 px noisy image level 9
  took 6.7 s against 2.1 s for a file no smaller (bench/upload_worst_case.py). Renditions are JPEG, or WebP when the
  image has real transparency, and are never upscaled.
* Every file gets a random uuid4 name, so nothing the client chose reaches
  storage.
"""

from __future__ import annotations

import logging
import re
import struct
import threading
import uuid
import warnings
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from types import MappingProxyType

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without littlecms: ICC profiles are dropped.
    ImageCms = None

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_RENDITIONS: Mapping[str, int] = MappingProxyType({"thumb": 320})
# Images up to this size decode cheaply whatever their file size (a flat 1000 x
# 1000 PNG is 3 KB), so the pixels-per-byte rule only applies above it.
RATIO_FREE_PIXELS = 4_000_000
DEFAULT_MAX_PIXELS_PER_BYTE = 100
DEFAULT_DECODE_CONCURRENCY = 2

# Pillow format name -> (file extension, content type).
FORMATS = MappingProxyType(
    {
        "JPEG": ("jpg", "image/jpeg"),
        "PNG": ("png", "image/png"),
        "WEBP": ("webp", "image/webp"),
    }
)
_SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"compress_level": 3},
    "WEBP": {"quality": 85, "method": 4},
}
_RENDITION_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")
# Modes whose resize is exact (alpha premultiplied); palette and 1-bit images are
# converted by _normalise before they are scaled.
_RESIZABLE = frozenset({"L", "LA", "RGB", "RGBA", "CMYK"})
# Errors Pillow raises for damaged data while verifying, decoding or rotating.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


@dataclass(frozen=True, slots=True)
class EncodedImage:
    """One encoded file plus what a page needs to lay it out before it loads."""

    file: ContentFile
    width: int
    height: int
    format: str  # Pillow name: "JPEG", "PNG" or "WEBP".

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][1]


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """The sanitised original and its renditions, keyed like ``renditions=``."""

    original: EncodedImage
    renditions: Mapping[str, EncodedImage]

    @property
    def width(self) -> int:
        return self.original.width

    @property
    def height(self) -> int:
        return self.original.height

    @property
    def format(self) -> str:
        return self.original.format

    @property
    def content_type(self) -> str:
        return self.original.content_type


def content_file_name(*, ext: str, prefix: str = "") -> str:
    """Return ``<prefix><uuid4 hex>.<ext>``, a name that reveals nothing."""
    return f"{prefix}{uuid.uuid4().hex}.{ext.lstrip('.')}"


def process_upload(
    *,
    upload: File,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    renditions: Mapping[str, int] = DEFAULT_RENDITIONS,
    max_edge: int | None = None,
) -> ProcessedImage:
    """Validate ``upload`` and return a metadata-free re-encoding of it.

    ``renditions`` maps a name (``[a-z0-9_]``) to a maximum width in pixels;
    ``max_edge``, when given, bounds the original's longer side.
    Raises ``ValidationError`` (codes: too_large, not_image, unsupported_format,
    too_many_pixels, decompression_bomb, truncated) for bad uploads.
    """
    for name, max_width in renditions.items():
        # Programming errors, not user errors: fail before touching the upload.
        if not _RENDITION_NAME.match(name) or max_width < 1:
            raise ValueError(f"Invalid rendition {name!r}: {max_width!r}")
    data = _read_limited(upload=upload, max_bytes=max_bytes)
    fmt = _check_header(data=data, max_pixels=max_pixels)
    # Only the header has been read so far; the pixels wait for a decode slot.
    with _decode_slots():
        image = _decode(data=data, max_edge=max_edge)
        if max_edge is not None:
            image = _fit(image=image, max_edge=max_edge)
        stem = uuid.uuid4().hex
        original = _encode(image=image, fmt=fmt, name=f"{stem}.{FORMATS[fmt][0]}")
        rendition_fmt = "WEBP" if image.mode == "RGBA" else "JPEG"
        encoded = {
            name: _encode(
                image=_shrink(image=image, max_width=max_width),
                fmt=rendition_fmt,
                name=f"{stem}_{name}.{FORMATS[rendition_fmt][0]}",
            )
            for name, max_width in renditions.items()
        }
    return ProcessedImage(original=original, renditions=MappingProxyType(encoded))


def image_pixels(*, upload: File) -> int | None:
    """The pixel count ``upload``'s header claims, or None if it has none we
    read; nothing is decoded, so a request's photos can be held to a budget
    before any of them costs memory. ``process_upload`` gives the real verdict."""
    try:
        if getattr(upload, "seekable", lambda: False)():
            upload.seek(0)
        with Image.open(upload, formats=tuple(FORMATS)) as probe:
            return probe.width * probe.height
    except (UnidentifiedImageError, Image.DecompressionBombError, *_DECODE_ERRORS):
        return None
    finally:
        if getattr(upload, "seekable", lambda: False)():
            upload.seek(0)


def delete_files(*, storage: Storage, names: Iterable[str | None]) -> None:
    """Delete ``names`` from ``storage``; missing files and blanks are skipped.

    Used for clean-up after a deletion or a failed submission, so one failure
    is logged and the remaining files are still attempted.
    """
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except FileNotFoundError:
            pass
        except Exception:
            # Names are random uuids, so logging them exposes no personal data.
            logger.exception("Could not delete stored file %s", name)


def _error(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("图片不能超过 %(limit)s MB。"),
        code="too_large",
        params={"limit": f"{max_bytes / (1024 * 1024):g}"},
    )


def _read_limited(*, upload: File, max_bytes: int) -> bytes:
    """Read the upload, refusing anything over ``max_bytes``.

    ``upload.size`` is checked first so oversized files are never read; the
    read is still capped because a size can be missing or wrong.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    if getattr(upload, "seekable", lambda: False)():
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise _error(_("上传的文件为空。"), "not_image")
    return data


def _check_header(*, data: bytes, max_pixels: int) -> str:
    """Read only the header: refuse a format, size or pixels-per-byte ratio we
    will not decode, and return the Pillow format name."""
    with (
        _pillow_errors(data),
        Image.open(BytesIO(data), formats=tuple(FORMATS)) as probe,
    ):
        # Multi-picture JPEGs from some cameras open as "MPO"; their first
        # frame is a JPEG. (The JPEG opener returns them, so no entry needed.)
        fmt = "JPEG" if probe.format == "MPO" else probe.format
        if fmt not in FORMATS:
            raise _unsupported()
        pixels = probe.width * probe.height
        if pixels > max_pixels:
            raise _error(_("图片像素过多，请缩小尺寸后再上传。"), "too_many_pixels")
        if pixels > RATIO_FREE_PIXELS and pixels > len(data) * _max_ratio():
            raise _bomb()
    return fmt


def _decode(*, data: bytes, max_edge: int | None) -> Image.Image:
    """Return the fully decoded, upright, sRGB RGB/RGBA image."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # A process-wide switch; with it on, truncated files decode "fine".
        raise ImproperlyConfigured(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False for uploads."
        )
    allowed = tuple(FORMATS)
    with _pillow_errors(data):
        with Image.open(BytesIO(data), formats=allowed) as probe:
            probe.verify()
        # verify() leaves the image unusable, so decode from a fresh parser.
        with Image.open(BytesIO(data), formats=allowed) as image:
            if max_edge is not None and image.format in ("JPEG", "MPO"):
                # The JPEG decoder can scale by 1/2, 1/4 or 1/8 while decoding;
                # draft() picks the smallest scale still at least this size.
                image.draft("RGB", _fitted_size(image.size, max_edge))
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
    if max_edge is not None and image.mode in _RESIZABLE:
        # Scale before converting: a 40 MP greyscale turned RGB first is 120 MB.
        image = _fit(image=image, max_edge=max_edge)
    return _normalise(image)


@contextmanager
def _pillow_errors(data: bytes):
    """Turn what Pillow raises for a hostile or broken file into our errors.

    catch_warnings changes process-wide state before Python 3.14, so under
    threads the warning's escalation is a backstop; the header checks guard.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb() from None
        except UnidentifiedImageError:
            if _looks_like_other_image(data):
                raise _unsupported() from None
            raise _error(_("上传的文件不是有效的图片。"), "not_image") from None
        except _DECODE_ERRORS:
            raise _error(
                _("图片文件已损坏或不完整，请重新上传。"), "truncated"
            ) from None


def _bomb() -> ValidationError:
    return _error(_("图片尺寸异常，疑似恶意文件，已拒绝。"), "decompression_bomb")


def _max_ratio() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS_PER_BYTE", DEFAULT_MAX_PIXELS_PER_BYTE)


_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def _decode_slots() -> threading.BoundedSemaphore:
    """This process's decode slots, IMAGE_DECODE_CONCURRENCY of them.

    gunicorn's threads share a process, and each 40-megapixel decode holds a few
    hundred MB until it is encoded again; the slots cap that per process. Made on
    first use (settings are not read at import) and again if the setting changes.
    """
    global _slots
    size = max(
        1,
        int(getattr(settings, "IMAGE_DECODE_CONCURRENCY", DEFAULT_DECODE_CONCURRENCY)),
    )
    with _slots_lock:
        if _slots is None or _slots[0] != size:
            _slots = (size, threading.BoundedSemaphore(size))
        return _slots[1]


def _unsupported() -> ValidationError:
    return _error(
        _("不支持该图片格式，请上传 JPEG、PNG 或 WebP 图片。"), "unsupported_format"
    )


def _looks_like_other_image(data: bytes) -> bool:
    """Recognise common image types we refuse, only to word the error well."""
    head = data[:1024]
    if head.startswith((b"GIF87a", b"GIF89a", b"BM", b"II*\0", b"MM\0*")):
        return True
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<!doctype svg")) or (
        text.startswith(b"<?xml") and b"<svg" in text
    )


def _normalise(image: Image.Image) -> Image.Image:
    """Return an sRGB image in mode RGB or RGBA with no metadata attached."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):
        # 16-bit greyscale: scale into 8 bits instead of clipping to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La")
    if has_alpha or "transparency" in image.info:
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        if alpha.getextrema() != (255, 255):
            result = _to_srgb(image=rgba.convert("RGB"), icc=icc)
            result.putalpha(alpha)
            result.info = {}
            return result
        image = rgba.convert("RGB")  # Fully opaque: the alpha channel is noise.
    result = _to_srgb(image=image, icc=icc)
    result.info = {}
    return result


def _to_srgb(*, image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert through the embedded profile if possible, else just to RGB."""
    if icc and ImageCms is not None and image.mode in ("RGB", "L", "CMYK"):
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            # A broken or mismatched profile is not worth refusing the photo.
            pass
    return image if image.mode == "RGB" else image.convert("RGB")


def _fitted_size(size: tuple[int, int], max_edge: int) -> tuple[int, int]:
    """``size`` scaled down so its longer side is at most ``max_edge``."""
    width, height = size
    scale = min(1.0, max_edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _fit(*, image: Image.Image, max_edge: int) -> Image.Image:
    """Scale down so the longer side fits ``max_edge``; never upscale."""
    size = _fitted_size(image.size, max_edge)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _shrink(*, image: Image.Image, max_width: int) -> Image.Image:
    """Scale down to ``max_width`` keeping the aspect ratio; never upscale."""
    if image.width <= max_width:
        return image
    height = max(1, round(image.height * max_width / image.width))
    return image.resize((max_width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(*, image: Image.Image, fmt: str, name: str) -> EncodedImage:
    if fmt == "JPEG" and image.mode == "RGBA":
        # JPEG has no alpha channel: flatten onto white, as a page would show it.
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    image.info = {}  # Savers copy e.g. JPEG comments and ICC from here.
    buffer = BytesIO()
    image.save(buffer, format=fmt, **_SAVE_OPTIONS[fmt])
    return EncodedImage(
        file=ContentFile(buffer.getvalue(), name=name),
        width=image.width,
        height=image.height,
        format=fmt,
    )
