"""Reads of the departments domain. Other apps use these, never the models' managers.

Every public read shows active rows only, and an item counts as active only when
everything above it is active too (a service type of a closed window is hidden).
"""

from django.db.models import Prefetch, Q, QuerySet

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
