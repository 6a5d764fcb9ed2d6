"""Writes of the departments domain: who works for which department, in which role.

Every department has two django-guardian groups, `dept:<id>:officer` and
`dept:<id>:head`, holding object permissions on that department only. Granting a
user a department puts them in one of those groups and in the matching role group
(departments.roles), which opens the back office pages; scoping comes from the first.
"""

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from guardian.shortcuts import assign_perm

from departments import cache as lookup_cache
from departments import roles
from departments.models import Department

OFFICER = "officer"
HEAD = "head"
ROLES = {OFFICER: roles.OFFICER_GROUP, HEAD: roles.HEAD_GROUP}
# Object permissions each per-department group holds on its department.
DEPARTMENT_PERMISSIONS = {
    OFFICER: ["handle_cases"],
    HEAD: ["handle_cases", "manage_profile", "approve_extensions"],
}


def department_group(*, department: Department, role: str) -> Group:
    """The department's group for `role`, created with its permissions if new."""
    group, created = Group.objects.get_or_create(name=f"dept:{department.pk}:{role}")
    if created:
        for codename in DEPARTMENT_PERMISSIONS[role]:
            assign_perm(f"departments.{codename}", group, department)
    return group


@transaction.atomic
def staff_grant(*, user, department: Department, role: str) -> None:
    """Make `user` an officer or head of `department` (a head is also an officer).

    Idempotent; granting head to an officer upgrades them, granting officer to a
    head downgrades them.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    role_groups = roles.ensure_role_groups()
    other = HEAD if role == OFFICER else OFFICER
    user.groups.remove(department_group(department=department, role=other))
    user.groups.add(department_group(department=department, role=role))
    user.groups.add(role_groups[ROLES[role]])
    if role == OFFICER and not _holds_role(user, HEAD):
        user.groups.remove(role_groups[roles.HEAD_GROUP])
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def staff_revoke(*, user, department: Department) -> None:
    """Take `department` away from `user`; with no department left they lose the
    officer and head roles (a supervisor or superuser keeps their own access)."""
    for role in ROLES:
        user.groups.remove(department_group(department=department, role=role))
    role_groups = roles.ensure_role_groups()
    for role, group_name in ROLES.items():
        if not _holds_role(user, role):
            user.groups.remove(role_groups[group_name])


def staff_set(*, department: Department, officers, heads) -> None:
    """Make exactly `officers` and `heads` the department's staff (the admin form)."""
    current = {
        role: set(department_group(department=department, role=role).user_set.all())
        for role in ROLES
    }
    wanted = {OFFICER: set(officers) - set(heads), HEAD: set(heads)}
    for user in (current[OFFICER] | current[HEAD]) - wanted[OFFICER] - wanted[HEAD]:
        staff_revoke(user=user, department=department)
    for role, users in wanted.items():
        for user in users - current[role]:
            staff_grant(user=user, department=department, role=role)


def _holds_role(user, role: str) -> bool:
    return user.groups.filter(name__regex=rf"^dept:\d+:{role}$").exists()


DISPATCH_CENTER_NAME = "12345市级分拨中心"
DISPATCH_CENTER_CODE = "dispatch-center"


def dispatch_center() -> Department:
    """The city's one dispatch centre (市级分拨), created on first use: cases no
    rule of the 派单目录 places wait there for a dispatcher (分拨员)."""
    # Read on every submission that names no department: kept per process.
    center = lookup_cache.cached(
        table="dispatch_center",
        key=True,
        load=lambda: Department.objects.filter(is_dispatch_center=True).first(),
    )
    if center is not None:
        return center
    try:
        with transaction.atomic():
            return Department.objects.create(
                name=DISPATCH_CENTER_NAME,
                code=DISPATCH_CENTER_CODE,
                duties_summary="受理未指明部门的诉求，分派至承办部门。",
                is_dispatch_center=True,
                sort_order=0,
            )
    except IntegrityError:
        # Two first submissions raced; the unique constraint kept one centre.
        return Department.objects.get(is_dispatch_center=True)
