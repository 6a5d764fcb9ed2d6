"""The photo steps a submission and a citizen's 补充材料 share: a pixel budget read
from the headers, each photo decoded and re-encoded with its thumbnail
(`kernel.images`), then written to storage before the transaction, so that the
caller deletes the files again if the transaction fails (`stored_names`)."""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import images
from kernel.storage import private_storage


def check_photo_pixels(photos: Sequence[UploadedFile]) -> None:
    """Hold one submission's photos to a pixel budget, from their headers alone,
    before any is decoded: nine photos each under the per-photo limit still cost
    nine decodes (docs/security/input.md)."""
    total = sum(images.image_pixels(upload=photo) or 0 for photo in photos)
    if total > settings.CASE_PHOTO_MAX_TOTAL_PIXELS:
        raise ValidationError(
            {
                "attachments": _(
                    "图片总像素过多（一次最多 %(limit)s 万像素），"
                    "请减少图片数量或缩小尺寸后再上传。"
                )
                % {"limit": f"{settings.CASE_PHOTO_MAX_TOTAL_PIXELS / 10_000:g}"}
            }
        )


def process_photo(photo: UploadedFile) -> images.ProcessedImage:
    try:
        return images.process_upload(
            upload=photo,
            max_bytes=settings.CASE_PHOTO_MAX_BYTES,
            max_pixels=settings.CASE_PHOTO_MAX_PIXELS,
            max_edge=settings.CASE_PHOTO_MAX_EDGE,
            renditions={"thumb": 320},
        )
    except ValidationError as error:
        name = (getattr(photo, "name", "") or "")[:60]
        raise ValidationError(
            {"attachments": [f"{name}：{message}" for message in error.messages]}
        ) from error


def store_photo(
    image: images.ProcessedImage,
) -> tuple[str, str, images.ProcessedImage]:
    month = timezone.localdate().strftime("%Y/%m")
    original = private_storage().save(
        f"cases/photos/{month}/{image.original.file.name}", image.original.file
    )
    thumb = image.renditions["thumb"]
    thumbnail = private_storage().save(
        f"cases/thumbs/{month}/{thumb.file.name}", thumb.file
    )
    return original, thumbnail, image


def stored_names(stored):
    return [name for original, thumbnail, _ in stored for name in (original, thumbnail)]
