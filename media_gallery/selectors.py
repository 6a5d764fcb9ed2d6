"""Reads of the media gallery. List reads keep a constant number of queries.

Like the departments' public reads, a poster or album of an inactive department is
hidden from the public.
"""

import hashlib
from datetime import date, datetime

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from media_gallery.models import Album, Photo, Poster

# The posters' version also rolls over this often, so that what it cannot see (a
# linked service type renamed or closed: they carry no timestamp) still reaches
# phones within minutes.
POSTER_VERSION_SECONDS = 600


def _of_active_department() -> Q:
    return Q(department__isnull=True) | Q(department__is_active=True)


def posters_showing_now(*, now: datetime | None = None) -> QuerySet[Poster]:
    """Active posters whose window holds `now` (from inclusive, until exclusive),
    in display order, with their link targets: two joins, one query."""
    now = now or timezone.now()
    return (
        Poster.objects.filter(is_active=True, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .filter(_of_active_department())
        .select_related(
            "department", "link_department", "link_service_type__window__department"
        )
        .order_by("sort_order", "id")
    )


def posters_version(*, now: datetime | None = None) -> str:
    """A short fingerprint that changes whenever `posters_showing_now(now)` may.

    One aggregate query, no rows: any poster added, edited or deleted (count and
    latest update), a department edited, and the latest window boundary already
    passed (so a poster starting or ending changes it without any edit).
    """
    now = now or timezone.now()
    state = Poster.objects.aggregate(
        count=Count("pk"),
        changed=Max("updated_at"),
        department_changed=Max("department__updated_at"),
        link_changed=Max("link_department__updated_at"),
        last_start=Max("starts_at", filter=Q(starts_at__lte=now)),
        last_end=Max("ends_at", filter=Q(ends_at__lte=now)),
    )
    period = int(now.timestamp()) // POSTER_VERSION_SECONDS
    text = repr((sorted(state.items()), period))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _with_cover(albums: QuerySet[Album]) -> QuerySet[Album]:
    first = Photo.objects.order_by("sort_order", "id")[:1]
    return (
        albums.select_related("department", "cover")
        .annotate(photo_count=Count("photos"))
        .prefetch_related(Prefetch("photos", queryset=first, to_attr="first_photos"))
    )


def albums_for_staff(*, albums: QuerySet[Album]) -> QuerySet[Album]:
    """The back office's (already scoped) albums with `photo_count` and what
    `album_cover` needs; three queries for a page."""
    return _with_cover(albums)


def published_albums(
    *, department_id: int | None = None, today: date | None = None
) -> QuerySet[Album]:
    """Published albums (their date reached), newest first, with `photo_count`
    and their covers: three queries for a page, whatever its size."""
    today = today or timezone.localdate()
    albums = Album.objects.filter(is_published=True, published_on__lte=today).filter(
        _of_active_department()
    )
    if department_id is not None:
        albums = albums.filter(department_id=department_id)
    return _with_cover(albums).order_by("-published_on", "-id")


def album_detail(*, album_id: int, today: date | None = None) -> Album | None:
    """A published album with its photos in order (`ordered_photos`), or None."""
    today = today or timezone.localdate()
    photos = Photo.objects.order_by("sort_order", "id")
    album = (
        Album.objects.filter(pk=album_id, is_published=True, published_on__lte=today)
        .filter(_of_active_department())
        .select_related("department", "cover")
        .prefetch_related(Prefetch("photos", queryset=photos, to_attr="ordered_photos"))
        .first()
    )
    if album is not None:
        album.first_photos = album.ordered_photos[:1]
        album.photo_count = len(album.ordered_photos)
    return album


def album_cover(*, album: Album) -> Photo | None:
    """The chosen cover, else the first photo; needs an album from this module."""
    if album.cover_id:
        return album.cover
    first = getattr(album, "first_photos", None)
    if first is None:
        first = list(album.photos.order_by("sort_order", "id")[:1])
    return first[0] if first else None
