"""Writes of the media gallery: posters, album photos and covers.

Every picture goes through `kernel.images.process_upload` here: verified, turned
upright, stripped of its metadata (GPS included), re-encoded, and its renditions
made once, at upload. Files are written through the image fields' storage (the
default storage, local disk or an S3-compatible store, by configuration only).

Files never outlive their row: a failed save removes the files it wrote, a replaced
image's files are removed when the transaction commits, and deleted rows lose
their files through `media_gallery.signals` (which also covers admin bulk deletes
and an album's photos going with it). A rolled-back delete keeps its files.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import ExifTags, Image

from kernel import images
from media_gallery.models import Album, Photo, Poster

# A poster shows full width on a phone: 750 px covers a 375 pt screen at 2x.
POSTER_RENDITIONS = {"w750": 750}
# Thumbnails for the album grid, large for the full-screen viewer.
PHOTO_RENDITIONS = {"thumb": 320, "large": 1280}
POSTER_MAX_BYTES = 10 * 1024 * 1024
# Camera originals are bigger than citizens' phone photos.
PHOTO_MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
MAX_PHOTOS_PER_UPLOAD = 20


@dataclass(frozen=True, slots=True)
class PreparedPhoto:
    """An upload that passed `kernel.images`, ready to store."""

    image: images.ProcessedImage
    taken_on: date | None = None


def poster_image_prepare(*, upload: File) -> images.ProcessedImage:
    """Verify and re-encode a poster image with its phone rendition; raises
    ValidationError with a Chinese message for anything that is not a good image."""
    return images.process_upload(
        upload=upload,
        max_bytes=POSTER_MAX_BYTES,
        max_pixels=MAX_PIXELS,
        renditions=POSTER_RENDITIONS,
    )


def poster_create(
    *, title: str, image: File | images.ProcessedImage, **fields
) -> Poster:
    """Create a poster from its fields (see `Poster`) and an image upload."""
    poster = Poster(title=title, **fields)
    poster.full_clean(exclude=["image", "image_750"])
    return poster_save(poster=poster, image=image)


def poster_update_image(
    *, poster: Poster, image: File | images.ProcessedImage
) -> Poster:
    """Replace a poster's image; the old files go once the change commits."""
    return poster_save(poster=poster, image=image)


def poster_save(
    *, poster: Poster, image: File | images.ProcessedImage | None = None
) -> Poster:
    """Save a poster its caller has validated (the admin form does); with `image`,
    store it and its rendition first and drop the files it replaces on commit.

    `image` is an upload, or what `poster_image_prepare` made of one when a form
    has already checked it, so nothing is decoded twice.
    """
    if image is None:
        poster.save()
        return poster
    processed = (
        image
        if isinstance(image, images.ProcessedImage)
        else poster_image_prepare(upload=image)
    )
    files = {
        "image": (processed.original, "width", "height"),
        "image_750": (processed.renditions["w750"], "width_750", "height_750"),
    }
    _save_with_files(instance=poster, files=files, save=poster.save)
    return poster


def poster_delete(*, poster: Poster) -> None:
    """Delete a poster; its files leave storage when the deletion commits."""
    with transaction.atomic():
        poster.delete()


def photos_prepare(*, files: Sequence[File | PreparedPhoto]) -> list[PreparedPhoto]:
    """Verify and re-encode a batch of photo uploads, all or nothing.

    Every bad file is reported, each message naming its file, so staff fix a batch
    in one go. Already prepared items pass through unchanged.
    """
    if len(files) > MAX_PHOTOS_PER_UPLOAD:
        raise ValidationError(
            _("一次最多上传 %(n)d 张照片。") % {"n": MAX_PHOTOS_PER_UPLOAD},
            code="too_many_files",
        )
    prepared, errors = [], []
    for upload in files:
        if isinstance(upload, PreparedPhoto):
            prepared.append(upload)
            continue
        try:
            processed = images.process_upload(
                upload=upload,
                max_bytes=PHOTO_MAX_BYTES,
                max_pixels=MAX_PIXELS,
                renditions=PHOTO_RENDITIONS,
            )
        except ValidationError as error:
            name = (getattr(upload, "name", "") or "")[:60]
            errors += [f"{name}：{message}" for message in error.messages]
            continue
        prepared.append(PreparedPhoto(image=processed, taken_on=_taken_on(upload)))
    if errors:
        raise ValidationError(errors)
    return prepared


def photos_add(
    *, album: Album, files: Sequence[File | PreparedPhoto], actor=None
) -> list[Photo]:
    """Add photos to the end of an album, in the given order.

    A batch with one bad file adds nothing and leaves no file in storage.
    """
    prepared = photos_prepare(files=files)
    photos = [
        Photo(album=album, taken_on=item.taken_on, uploaded_by=actor)
        for item in prepared
    ]
    stored: list[str] = []
    storage = Photo._meta.get_field("image").storage
    try:
        for photo, item in zip(photos, prepared, strict=True):
            _store(
                instance=photo,
                stored=stored,
                files={
                    "image": (item.image.original, "width", "height"),
                    "thumbnail": (
                        item.image.renditions["thumb"],
                        "thumbnail_width",
                        "thumbnail_height",
                    ),
                    "large": (
                        item.image.renditions["large"],
                        "large_width",
                        "large_height",
                    ),
                },
            )
        with transaction.atomic():
            last = Photo.objects.filter(album=album).aggregate(last=Max("sort_order"))
            # Steps of ten leave room to slot a photo in between by hand.
            for index, photo in enumerate(photos, start=1):
                photo.sort_order = (last["last"] or 0) + 10 * index
            Photo.objects.bulk_create(photos)
    except BaseException:
        images.delete_files(storage=storage, names=stored)
        raise
    return photos


def photo_delete(*, photo: Photo) -> None:
    """Delete a photo (an album cover falls back to the first photo); its files
    leave storage when the deletion commits."""
    with transaction.atomic():
        photo.delete()


def album_delete(*, album: Album) -> None:
    """Delete an album and its photos; their files go when the deletion commits."""
    with transaction.atomic():
        album.delete()


def album_set_cover(*, album: Album, photo: Photo | None) -> Album:
    """Choose the album's cover among its own photos; None falls back to the first."""
    if photo is not None and photo.album_id != album.pk:
        raise ValidationError({"cover": _("封面必须是本相册中的照片。")})
    album.cover = photo
    album.save(update_fields=["cover", "updated_at"])
    return album


FileSpec = Mapping[str, tuple[images.EncodedImage, str, str]]


def _store(*, instance, files: FileSpec, stored: list[str]) -> None:
    """Write each encoded file into its image field through the field's storage
    (upload_to decides the folder) and set its width and height attributes.
    Stored names are appended to `stored` as they are written, for clean-up."""
    for field, (encoded, width_attr, height_attr) in files.items():
        field_file = getattr(instance, field)
        field_file.save(encoded.file.name, encoded.file, save=False)
        stored.append(field_file.name)
        setattr(instance, width_attr, encoded.width)
        setattr(instance, height_attr, encoded.height)


def _save_with_files(*, instance, files: FileSpec, save) -> None:
    """Store new files, save the row, and drop the replaced files on commit; if
    anything fails the new files are removed and the old ones stay."""
    storage = instance._meta.get_field("image").storage
    replaced = [getattr(instance, field).name for field in files]
    stored: list[str] = []
    try:
        _store(instance=instance, files=files, stored=stored)
        with transaction.atomic():
            save()
            transaction.on_commit(
                lambda: images.delete_files(storage=storage, names=replaced)
            )
    except BaseException:
        images.delete_files(storage=storage, names=stored)
        raise


def _taken_on(upload: File) -> date | None:
    """The camera's date from the original's EXIF, read before `kernel.images`
    strips it, so staff need not type it. The file already passed verification."""
    try:
        upload.seek(0)
        with Image.open(upload, formats=tuple(images.FORMATS)) as image:
            exif = image.getexif()
        raw = exif.get_ifd(ExifTags.IFD.Exif).get(
            ExifTags.Base.DateTimeOriginal
        ) or exif.get(ExifTags.Base.DateTime)
        return datetime.strptime(str(raw)[:10], "%Y:%m:%d").date() if raw else None
    except Exception:  # Dates are a convenience: a strange EXIF block is ignored.
        return None
