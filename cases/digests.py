"""The daily digest (每日待办汇总): each staff user is told, by their
`StaffContact` channel through the outbox, what waits for them: new cases, due
within 24 h, overdue, extension requests waiting (cases.todo), and what the apps
above cases add (feedback adds the rectifications waiting for their 回访). A
user with nothing waiting gets nothing.

`staff_digest_send(now=...)` is the daily job; `manage.py remind_overdue` calls
it too. The occurrence of each message is the user and the day, so running it
twice on one day sends each user one digest.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import todo
from departments import roles
from notifications import selectors as notification_selectors
from notifications import services as notification_services

LABELS = {
    "new": "待受理",
    "due_soon": "24小时内到期",
    "overdue": "已超期",
    "extensions": "待审批延期",
    "assigned": "分配给我",
}


@dataclass(frozen=True)
class DigestSection:
    """A line an app above cases adds to every digest: `count(user, now)` says
    how many of its items wait for the user."""

    label: str
    count: Callable


_ADDED: dict[str, DigestSection] = {}


def add_digest_section(section: DigestSection) -> None:
    """Add `section` after the case lines (an AppConfig.ready() calls this)."""
    _ADDED[section.label] = section


@dataclass(frozen=True)
class DigestResult:
    queued: int  # messages written to the outbox
    unreachable: list  # staff with something waiting but no way to reach them


def digest_counts(*, user, now) -> dict[str, int]:
    """Label → count of everything waiting for `user`, zero counts left out."""
    counts = todo.todo_counts(user=user, now=now)
    lines = {LABELS[key]: counts[key] for key in todo.KEYS}
    for section in _ADDED.values():
        lines[str(section.label)] = section.count(user, now)
    return {label: count for label, count in lines.items() if count}


def digest_summary(counts: dict[str, int]) -> str:
    """待受理 3 件，24小时内到期 2 件，…"""
    return _("，").join(f"{label} {count} 件" for label, count in counts.items())


def staff_digest_send(*, now=None) -> DigestResult:
    """Queue one digest for every active staff user with something waiting."""
    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles.STAFF_GROUPS)
        .distinct()
        .order_by("username")
    )
    url = settings.PORTAL_PUBLIC_URL + reverse("admin:index")
    queued, unreachable = 0, []
    for user in users:
        counts = digest_counts(user=user, now=now)
        if not counts:
            continue
        recipients = notification_selectors.staff_recipients([user])
        if not recipients:
            unreachable.append(user)
            continue
        with transaction.atomic():
            for channel, recipient in recipients:
                sent = notification_services.notify(
                    event="staff.digest",
                    about=f"auth.user:{user.pk}",
                    occurrence=f"{user.pk}:{day}",
                    channel=channel,
                    recipient=recipient,
                    params={"summary": digest_summary(counts), "url": url},
                    counts_to_daily_cap=False,
                    url=url,
                    now=now,
                )
                queued += sent is not None
    return DigestResult(queued=queued, unreachable=unreachable)
