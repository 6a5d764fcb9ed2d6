"""Reads of the notices: the public list (pinned first, newest first) and one
notice, both only what is published now."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from kernel import search as kernel_search
from notices.models import Notice

SEARCHED = ("title", "summary", "body")


def shown_now(now: datetime | None = None) -> Q:
    """Published, its publish time reached and its withdraw time not."""
    now = now or timezone.now()
    return Q(status=Notice.Status.PUBLISHED, publish_at__lte=now) & (
        Q(withdraw_at__isnull=True) | Q(withdraw_at__gt=now)
    )


def public_notices(
    *,
    kind: str | None = None,
    department_id: int | None = None,
    search: str = "",
    now: datetime | None = None,
) -> QuerySet[Notice]:
    notices = Notice.objects.filter(shown_now(now)).select_related("department")
    if kind:
        notices = notices.filter(kind=kind)
    if department_id:
        notices = notices.filter(department_id=department_id)
    if search.strip():
        notices = kernel_search.search(notices, query=search, fields=SEARCHED).order_by(
            "-search_rank", "-pinned", "-publish_at", "-id"
        )
    return notices.defer("body", "body_html")


def public_notice(*, notice_id: int, now: datetime | None = None) -> Notice | None:
    return (
        Notice.objects.filter(shown_now(now), pk=notice_id)
        .select_related("department", "interprets")
        .prefetch_related("images")
        .first()
    )


def interpretations_of(notice: Notice, now: datetime | None = None) -> list[Notice]:
    return list(
        notice.interpretations.filter(shown_now(now)).only("id", "title", "publish_at")
    )


def share_tags(*, notice_id: int) -> dict | None:
    """The Open Graph tags of a notice's share page (portal.views.notice_share),
    or None for a notice not shown."""
    notice = public_notice(notice_id=notice_id)
    if notice is None:
        return None
    return {
        "title": notice.title,
        "description": notice.summary or notice.title,
        "image": notice.cover_640.url if notice.cover_640 else "",
        "route": f"#/notices/{notice.pk}",
    }
