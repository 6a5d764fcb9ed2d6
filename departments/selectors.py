"""Reads of the departments domain. Other apps use these, never the models' managers.

Every public read shows active rows only, and an item counts as active only when
everything above it is active too (a service type of a closed window is hidden).
"""

import re
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from departments import cache as lookup_cache
from departments.models import Department, Leader, ServiceType, ServiceWindow

# The access policy lives in departments.policy; other apps read it from here.
from departments.policy import (  # noqa: F401
    Scope,
    is_dispatcher,
    is_head_of,
    is_staff_of,
    is_supervisor,
    may_act_for,
    may_manage_departments,
    require_may_act_for,
    require_supervisor,
    scope_for,
)
from kernel import search as kernel_search


def department_list() -> QuerySet[Department]:
    """Active departments in display order, without the city's dispatch centre
    (nobody chooses it: cases no rule places go there by themselves)."""
    return (
        Department.objects.active()
        .filter(is_dispatch_center=False)
        .order_by("sort_order", "id")
    )


def department_detail_list() -> QuerySet[Department]:
    """Active departments with their active windows, service types and leaders.

    Four queries whatever the number of windows, types and leaders.
    """
    service_types = ServiceType.objects.active().order_by("sort_order", "id")
    windows = (
        ServiceWindow.objects.active()
        .order_by("sort_order", "id")
        .prefetch_related(Prefetch("service_types", queryset=service_types))
    )
    leaders = Leader.objects.active().order_by("sort_order", "id")
    return department_list().prefetch_related(
        Prefetch("windows", queryset=windows),
        Prefetch("leaders", queryset=leaders),
    )


# Best first: where a word is found ranks the service (kernel.search).
SERVICE_TYPE_SEARCH_FIELDS = (
    "name",
    "window__name",
    "window__department__short_name",
    "window__department__name",
    "description",
)
DEPARTMENT_SEARCH_FIELDS = ("name", "short_name", "duties_summary")


def department_search(*, search: str) -> QuerySet[Department]:
    """`department_list()` narrowed to the departments whose name, short name or
    duties hold every word of `search`, a name match first, then display order.
    The LIKE path of the one search service (a few dozen rows)."""
    departments = department_list()
    if not search.strip():
        return departments
    return kernel_search.search(
        departments, query=search, fields=DEPARTMENT_SEARCH_FIELDS
    ).order_by("-search_rank", "sort_order", "id")


def service_type_list(
    *,
    search: str = "",
    department_id: int | None = None,
    hot_only: bool = False,
    any_of: Sequence[str] = (),
) -> QuerySet[ServiceType]:
    """Active service types across all departments, with window and department.

    `search` matches the name, description, window and department names, so a
    citizen who types 失业 or 社保 finds the right service wherever it lives;
    the best matches come first (a word in the name before one in the
    description), through the one search service's LIKE path: a few hundred
    rows need no index, and so no document to keep in step with every edit.
    `any_of`: the service types holding any of these words (the knowledge
    base's suggestions), in display order.
    """
    types = ServiceType.objects.active().filter(
        window__is_active=True, window__department__is_active=True
    )
    if department_id is not None:
        types = types.filter(window__department_id=department_id)
    if any_of:
        types = types.filter(
            kernel_search.matches_any(
                terms=any_of,
                fields=SERVICE_TYPE_SEARCH_FIELDS,
                document_field=None,
                full_text=False,
            )
        )
    ranked = bool(search.strip())
    if ranked:
        types = kernel_search.search(
            types, query=search, fields=SERVICE_TYPE_SEARCH_FIELDS
        )
    if hot_only:
        ordering = ["-popularity", "sort_order", "id"]
        types = types.filter(is_hot=True)
    else:
        ordering = [
            "window__department__sort_order",
            "window__department_id",
            "window__sort_order",
            "sort_order",
            "id",
        ]
    types = types.order_by(*(["-search_rank"] if ranked else []), *ordering)
    return types.select_related("window__department")


def leader_list(*, department_id: int | None = None) -> QuerySet[Leader]:
    """Active leaders of active departments."""
    leaders = Leader.objects.active().filter(department__is_active=True)
    if department_id is not None:
        leaders = leaders.filter(department_id=department_id)
    return leaders.select_related("department").order_by(
        "department__sort_order", "department_id", "sort_order", "id"
    )


def department_rows(*, department_ids=None) -> list[dict]:
    """{"id", "name", "is_active"} of these departments (None: all) in display
    order, closed ones included (statistics still count their cases), without the
    dispatch centre: it places cases and answers none, so it is no row of a
    ranking or an assessment (its queue is the dashboard's 待分拨). One query."""
    departments = Department.objects.filter(is_dispatch_center=False).order_by(
        "sort_order", "id"
    )
    if department_ids is not None:
        departments = departments.filter(pk__in=sorted(department_ids))
    return list(departments.values("id", "name", "is_active"))


def service_type_names(*, ids) -> dict[int, str]:
    """Names of these service types, active or not, by id, in one query."""
    return dict(
        ServiceType.objects.filter(pk__in=sorted(ids)).values_list("id", "name")
    )


def get_active_window(*, window_id: int) -> ServiceWindow | None:
    """An active window of an active department, with its department."""
    return (
        ServiceWindow.objects.filter(pk=window_id, is_active=True)
        .filter(department__in=department_list())
        .select_related("department")
        .first()
    )


def active_window_names(*, department_ids) -> dict[int, list[tuple[int, str]]]:
    """Department id -> [(window id, name)] of its active windows in display
    order, for these departments, in one query."""
    windows: dict[int, list[tuple[int, str]]] = {}
    for pk, department_id, name in (
        ServiceWindow.objects.filter(is_active=True, department_id__in=department_ids)
        .order_by("sort_order", "id")
        .values_list("id", "department_id", "name")
    ):
        windows.setdefault(department_id, []).append((pk, name))
    return windows


def get_active_department(*, department_id: int) -> Department | None:
    """The active department with this id, or None. Kept per process until a
    department changes (departments.cache): every submission asks."""
    return lookup_cache.cached(
        table="department",
        key=department_id,
        load=lambda: department_list().filter(pk=department_id).first(),
    )


def get_active_service_type(*, service_type_id: int) -> ServiceType | None:
    """The active service type with this id (window and department active), or
    None, with its window and department. Kept per process like a department."""
    return lookup_cache.cached(
        table="service_type",
        key=service_type_id,
        load=lambda: service_type_list().filter(pk=service_type_id).first(),
    )


def get_department(*, department_id: int) -> Department | None:
    """The department with this id, active or not (a case keeps the department
    it was filed with), or None. Kept per process like the active ones."""
    return lookup_cache.cached(
        table="department_any",
        key=department_id,
        load=lambda: Department.objects.filter(pk=department_id).first(),
    )


def get_service_type(*, service_type_id: int) -> ServiceType | None:
    """The service type with this id, active or not, or None; kept per process."""
    return lookup_cache.cached(
        table="service_type_any",
        key=service_type_id,
        load=lambda: ServiceType.objects.filter(pk=service_type_id).first(),
    )


def staff_without_email(*, department_ids=None) -> QuerySet:
    """Active officers, heads and supervisors with no e-mail address: no deadline
    reminder can reach them (`remind_overdue` skips them). With `department_ids`,
    only the officers and heads of those departments; None: all, supervisors
    too. By username."""
    from departments import roles

    if department_ids is None:
        groups = Q(groups__name__in=roles.STAFF_GROUPS)
    else:
        groups = Q(
            groups__name__in=[
                f"dept:{pk}:{role}"
                for pk in sorted(department_ids)
                for role in ("officer", "head")
            ]
        )
    # A subquery rather than a join, so a user in several groups is listed once.
    staff = get_user_model().objects.filter(groups).values("pk")
    return (
        get_user_model()
        .objects.filter(pk__in=staff, is_active=True, email="")
        .order_by("username")
    )


def department_staff(*, department: Department) -> dict[str, QuerySet]:
    """The officers and heads of a department, by role."""
    users = get_user_model().objects.order_by("username")
    return {
        role: users.filter(groups__name=f"dept:{department.pk}:{role}")
        for role in ("officer", "head")
    }


def department_members(*, department_id: int) -> QuerySet:
    """The officers and heads of a department together, each once (one query)."""
    groups = [f"dept:{department_id}:{role}" for role in ("officer", "head")]
    members = get_user_model().objects.filter(groups__name__in=groups).values("pk")
    return get_user_model().objects.filter(pk__in=members).order_by("username")


# "dept:<id>:officer" / "dept:<id>:head": the per-department groups of services.py.
_DEPARTMENT_GROUP = re.compile(r"^dept:(\d+):(officer|head)$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def staff_name(*, username: str, first_name: str = "", last_name: str = "") -> str:
    """A staff member's name alone, as the back office and the case ledgers write
    it: a Chinese name family name first, with no space (张伟), any other first
    name first (Wei Zhang); the username when no name is recorded."""
    first, last = first_name.strip(), last_name.strip()
    if _CJK.search(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip() or username


def staff_display_names(*, users) -> dict[int, str]:
    """How the back office names staff, by user id: the full name, then role and
    department in brackets, e.g. 张伟（部门工作人员·人社局）; the username stands in
    when no name is set. Roles are the current ones, not those at the time of an
    old event. Two queries, whatever the number of users.
    """
    from departments import roles

    users = {user.pk: user for user in users if user is not None}
    memberships = (
        get_user_model()
        .groups.through.objects.filter(user_id__in=users)
        .values_list("user_id", "group__name")
    )
    # user id -> role name -> department ids (none for supervisors), in this order
    order = [roles.HEAD_GROUP, roles.OFFICER_GROUP, roles.SUPERVISOR_GROUP]
    held: dict[int, dict[str, list[int]]] = {pk: {} for pk in users}
    for user_id, group_name in memberships:
        if match := _DEPARTMENT_GROUP.match(group_name):
            role = roles.HEAD_GROUP if match[2] == "head" else roles.OFFICER_GROUP
            held[user_id].setdefault(role, []).append(int(match[1]))
        elif group_name == roles.SUPERVISOR_GROUP:
            held[user_id].setdefault(group_name, [])
    wanted = {pk for grants in held.values() for ids in grants.values() for pk in ids}
    department_names = {
        pk: short_name or name
        for pk, short_name, name in Department.objects.filter(
            pk__in=wanted
        ).values_list("pk", "short_name", "name")
    }
    names = {}
    for pk, user in users.items():
        parts = []
        for role in order:
            if role not in held[pk]:
                continue
            departments = sorted(
                department_names[d] for d in held[pk][role] if d in department_names
            )
            parts.append(
                "·".join([role, "、".join(departments)]) if departments else role
            )
        if not parts and user.is_superuser:
            parts = [_("系统管理员")]
        name = staff_name(
            username=user.get_username(),
            first_name=user.first_name,
            last_name=user.last_name,
        )
        names[pk] = f"{name}（{'；'.join(parts)}）" if parts else name
    return names


def staff_display_name(*, user) -> str:
    """One user's name as `staff_display_names` writes it."""
    return staff_display_names(users=[user])[user.pk]


def dispatcher_users() -> QuerySet:
    """Active users who hold departments.dispatch themselves or by a group (分拨员),
    by username: they are told of the city's queue and of 退单 to review.
    Superusers are left out (they may dispatch, but do not work the queue)."""
    return (
        get_user_model()
        .objects.with_perm(
            "departments.dispatch",
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True)
        .order_by("username")
    )
