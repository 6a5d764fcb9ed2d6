"""The 待办 in the admin header: what waits for the signed-in staff user, each
count linking to the admin list filtered to it.

Cases come from `cases.todo` (待受理, 24小时内到期, 已超期, 待审批延期, 分配给我; one
aggregate query) and rectifications waiting for their 回访 from feedback (one
count), both within the user's `departments.policy.scope_for`. The result is
cached per user for TODO_CACHE_SECONDS, so browsing the back office costs those
two queries once a minute, not on every page; a count may lag by as long.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import todo as case_todo
from departments import policy
from feedback import selectors as feedback_selectors

TODO_CACHE_SECONDS = 60


def _link(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def todo_items(*, user, now=None) -> list[dict]:
    """[{key, label, count, url}] of every item with a count, in a fixed order;
    empty for users outside the back office. Cached per user (see the module)."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return []
    key = f"portal:todo:{user.pk}"
    items = cache.get(key)
    if items is None:
        items = _count(user=user, now=now or timezone.now())
        cache.set(key, items, TODO_CACHE_SECONDS)
    return [item for item in items if item["count"]]


def _count(*, user, now) -> list[dict]:
    counts = case_todo.todo_counts(user=user, now=now)
    scope = policy.scope_for(user)
    counts["rectifications"] = feedback_selectors.rectifications_awaiting_contact(
        department_ids=scope.ids_or_none()
    ).count()
    cases = "admin:cases_case_changelist"
    rows = [
        ("new", _("待受理"), _link(cases, status__exact="submitted")),
        ("due_soon", _("24小时内到期"), _link(cases, deadline="due_soon")),
        ("overdue", _("已超期"), _link(cases, deadline="overdue")),
        ("extensions", _("待审批延期"), _link(cases, extension="pending")),
        ("assigned", _("分配给我"), _link(cases, todo="mine")),
        (
            "rectifications",
            _("待回访整改"),
            _link("admin:feedback_rectification_changelist", progress="contact"),
        ),
    ]
    return [
        {"key": key, "label": label, "count": counts[key], "url": url}
        for key, label, url in rows
    ]
