"""Reads of the departments domain. Other apps use these, never the models' managers.

Every public read shows active rows only, and an item counts as active only when
everything above it is active too (a service type of a closed window is hidden).
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
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


def department_staff(*, department: Department) -> dict[str, QuerySet]:
    """The officers and heads of a department, by role."""
    users = get_user_model().objects.order_by("username")
    return {
        role: users.filter(groups__name=f"dept:{department.pk}:{role}")
        for role in ("officer", "head")
    }
