"""The demo staff: one of each role, tied to the demo departments."""

from django.contrib.auth import get_user_model
from django.db import transaction

from departments import roles
from departments import services as department_services
from departments.models import Department

# Demo addresses: the console mailer (development) prints what remind_overdue
# sends them, and they never reach a real inbox (.local is not on the internet).
DEMO_EMAIL_DOMAIN = "demo.weizhengwu.local"
# The city-wide roles are role groups, not grants on a department.
SUPERVISOR = "supervisor"
DISPATCHER = "dispatcher"
_CITY_GROUPS = {SUPERVISOR: roles.SUPERVISOR_GROUP, DISPATCHER: roles.DISPATCHER_GROUP}
# username, full name, department code (None: city-wide), role
DEMO_STAFF = [
    ("hrss_officer", "人社局 工作人员", "hrss", department_services.OFFICER),
    ("hrss_head", "人社局 负责人", "hrss", department_services.HEAD),
    ("eeb_officer", "环保局 工作人员", "eeb", department_services.OFFICER),
    ("supervisor", "督办人员", None, SUPERVISOR),
    ("dispatcher", "12345 分拨员", None, DISPATCHER),
]


@transaction.atomic
def seed_demo_staff() -> list[str]:
    """Create the demo staff and their grants; passwords are set by
    `manage.py ensure_demo_admin`, which prints them."""
    groups = roles.ensure_role_groups()
    users = []
    for username, full_name, department_code, role in DEMO_STAFF:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": full_name, "is_staff": True}
        )
        # Without an address no deadline reminder reaches them (older seeds made
        # none); an address set by hand since is kept.
        missing_email = not user.email
        if missing_email:
            user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
        if created:
            user.set_unusable_password()
        if created or missing_email:
            user.save()
        if role in _CITY_GROUPS:
            user.groups.add(groups[_CITY_GROUPS[role]])
        else:
            department = Department.objects.get(code=department_code)
            department_services.staff_grant(user=user, department=department, role=role)
        users.append(username)
    return users
