"""Reads of the departments domain. Other apps use these, never the models' managers.

Every public read shows active rows only, and an item counts as active only when
everything above it is active too (a service type of a closed window is hidden).
"""

import re

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from departments.models import Department, Leader, ServiceType, ServiceWindow


def department_list() -> QuerySet[Department]:
    """Active departments in display order."""
    return Department.objects.active().order_by("sort_order", "id")


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


def service_type_list(
    *, search: str = "", department_id: int | None = None, hot_only: bool = False
) -> QuerySet[ServiceType]:
    """Active service types across all departments, with window and department.

    `search` matches the name, description, window and department names, so a
    citizen who types 失业 or 社保 finds the right service wherever it lives.
    """
    types = ServiceType.objects.active().filter(
        window__is_active=True, window__department__is_active=True
    )
    if department_id is not None:
        types = types.filter(window__department_id=department_id)
    for word in search.split()[:5]:
        types = types.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(window__name__icontains=word)
            | Q(window__department__name__icontains=word)
            | Q(window__department__short_name__icontains=word)
        )
    if hot_only:
        types = types.filter(is_hot=True).order_by("-popularity", "sort_order", "id")
    else:
        types = types.order_by(
            "window__department__sort_order",
            "window__department_id",
            "window__sort_order",
            "sort_order",
            "id",
        )
    return types.select_related("window__department")


def leader_list(*, department_id: int | None = None) -> QuerySet[Leader]:
    """Active leaders of active departments."""
    leaders = Leader.objects.active().filter(department__is_active=True)
    if department_id is not None:
        leaders = leaders.filter(department_id=department_id)
    return leaders.select_related("department").order_by(
        "department__sort_order", "department_id", "sort_order", "id"
    )


def get_active_department(*, department_id: int) -> Department | None:
    """The active department with this id, or None."""
    return department_list().filter(pk=department_id).first()


def get_active_service_type(*, service_type_id: int) -> ServiceType | None:
    """The active service type with this id (window and department active), or None."""
    return service_type_list().filter(pk=service_type_id).first()


def can_supervise(*, user) -> bool:
    """Supervisors (督办人员) and superusers see every department."""
    return user.is_active and (
        user.is_superuser or user.has_perm("departments.supervise")
    )


def departments_for_user(
    *, user, permission: str = "handle_cases"
) -> QuerySet[Department]:
    """Departments where `user` holds `permission` (handle_cases, manage_profile,
    approve_extensions) through guardian; every department for supervisors.

    Active and inactive alike: staff still handle the cases of a closed department.
    """
    if not user.is_authenticated or not user.is_active:
        return Department.objects.none()
    if can_supervise(user=user):
        return Department.objects.all()
    return get_objects_for_user(
        user,
        f"departments.{permission}",
        klass=Department,
        accept_global_perms=False,
    )


def department_ids_for_user(*, user, permission: str = "handle_cases") -> set[int]:
    """Like departments_for_user, as ids, cached on the user object for the request."""
    cache = user.__dict__.setdefault("_department_ids", {})
    if permission not in cache:
        cache[permission] = set(
            departments_for_user(user=user, permission=permission).values_list(
                "pk", flat=True
            )
        )
    return cache[permission]


def staff_without_email(*, department_ids=None) -> QuerySet:
    """Active officers, heads and supervisors with no e-mail address: no deadline
    reminder can reach them (`remind_overdue` skips them). With `department_ids`,
    only the officers and heads of those departments; None: all, supervisors
    too. By username."""
    from departments import roles

    if department_ids is None:
        groups = Q(
            groups__name__in=[
                roles.OFFICER_GROUP,
                roles.HEAD_GROUP,
                roles.SUPERVISOR_GROUP,
            ]
        )
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


# "dept:<id>:officer" / "dept:<id>:head": the per-department groups of services.py.
_DEPARTMENT_GROUP = re.compile(r"^dept:(\d+):(officer|head)$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _person_name(user) -> str:
    first, last = user.first_name.strip(), user.last_name.strip()
    if _CJK.search(first + last):
        # Chinese names put the family name (last_name) first, with no space.
        return f"{last}{first}"
    return f"{first} {last}".strip()


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
        name = _person_name(user) or user.get_username()
        names[pk] = f"{name}（{'；'.join(parts)}）" if parts else name
    return names


def staff_display_name(*, user) -> str:
    """One user's name as `staff_display_names` writes it."""
    return staff_display_names(users=[user])[user.pk]
