"""The access policy: who may act for which department. Every app asks it here.

A user's *scope* for a department permission is everything (supervisors, 督办人员,
and superusers) or the departments django-guardian grants them that permission
on (`departments.services.staff_grant`): `handle_cases` (officers and heads),
`manage_profile` and `approve_extensions` (heads only). Anyone else, an inactive
or anonymous user included, has an empty scope.

Services call the `require_…` forms, which raise `PermissionDenied` with a Chinese
message; admin pages, API views and selectors ask the boolean form of the same
function, so a button is offered exactly when the service would accept the step.

`user=None` is the system itself (demo data, imports, management commands): it acts
for every department, as a supervisor does, but is nobody's head.

Grants are read once per user object and permission and kept on it, so a request
asks the database once however often it asks the policy.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from departments.models import Department

DEFAULT_PERMISSION = "handle_cases"


@dataclass(frozen=True)
class Scope:
    """The departments a user may act for: all of them, or exactly these ids."""

    everything: bool = False
    department_ids: frozenset[int] = frozenset()

    def includes(self, department_id: int | None) -> bool:
        """Whether the scope covers this department. A row with no department
        (a city-wide poster) is covered only by an unlimited scope."""
        return self.everything or department_id in self.department_ids

    def filter(self, queryset: QuerySet, field: str = "department") -> QuerySet:
        """`queryset` limited to rows whose `field` (a path to a Department, or
        "pk" on Department itself) lies in the scope."""
        if self.everything:
            return queryset
        return queryset.filter(**{f"{field}__in": self.department_ids})

    def ids_or_none(self) -> frozenset[int] | None:
        """The department ids, or None for everything: for the selectors that take
        `department_ids=None` to mean every department (dashboard, ledger)."""
        return None if self.everything else self.department_ids


EVERYTHING = Scope(everything=True)
NOTHING = Scope()


def is_supervisor(user) -> bool:
    """Active supervisors (督办人员) and superusers; also the system (`None`)."""
    if user is None:
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("departments.supervise"))
    )


def is_dispatcher(user) -> bool:
    """分拨员 (who works the city's dispatch queue and reviews 退单), supervisors
    and superusers; also the system (`None`). Dispatchers decide where a case
    goes; they answer none."""
    if is_supervisor(user):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("departments.dispatch")
    )


def scope_for(user, permission: str = DEFAULT_PERMISSION) -> Scope:
    """The departments `user` may act for with `permission` (see the module)."""
    if is_supervisor(user):
        return EVERYTHING
    return Scope(department_ids=_granted_ids(user, permission))


def may_act_for(
    user, department_id: int | None, permission: str = DEFAULT_PERMISSION
) -> bool:
    """Whether `user` may act for the department with `permission`."""
    return scope_for(user, permission).includes(department_id)


def require_may_act_for(
    user,
    department_id: int | None,
    permission: str = DEFAULT_PERMISSION,
    message: str | None = None,
) -> None:
    """`may_act_for`, raising PermissionDenied(message) when it is False."""
    if not may_act_for(user, department_id, permission):
        raise PermissionDenied(message or _("您无权处理其他部门的事务。"))


def require_supervisor(user, message: str | None = None) -> None:
    """`is_supervisor`, raising PermissionDenied(message) when it is False."""
    if not is_supervisor(user):
        raise PermissionDenied(message or _("只有督办人员可以执行此操作。"))


def is_staff_of(user, department_id: int | None) -> bool:
    """Whether `user` is an officer or head of the department by their own grant;
    a supervisor is nobody's staff by being a supervisor."""
    if user is None:
        return False
    return department_id in _granted_ids(user, DEFAULT_PERMISSION)


def is_head_of(user, department_id: int | None) -> bool:
    """Whether `user` is a head (部门负责人) of the department by their own grant;
    a supervisor is not a head of anything by being a supervisor."""
    if user is None:
        return False
    return department_id in _granted_ids(user, "approve_extensions")


def may_manage_departments(user) -> bool:
    """Creating departments and choosing their officers and heads: active
    superusers only (a supervisor oversees departments but does not staff them),
    and the system (`None`: an import from the shell)."""
    return user is None or bool(user.is_active and user.is_superuser)


def _granted_ids(user, permission: str) -> frozenset[int]:
    """The departments guardian grants `user` `permission` on, active or not (staff
    still handle the cases of a closed department); cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_department_grants", {})
    if permission not in cache:
        granted = get_objects_for_user(
            user,
            f"departments.{permission}",
            klass=Department,
            accept_global_perms=False,
            with_superuser=False,
        )
        cache[permission] = frozenset(granted.values_list("pk", flat=True))
    return cache[permission]
