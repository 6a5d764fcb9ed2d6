"""`migrate` alone gives a new installation its role groups: the back office's
officers, heads and supervisors must not wait for `seed_demo` to exist."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from departments import roles

pytestmark = pytest.mark.django_db


def test_migrate_creates_every_role_group_with_its_permissions():
    Group.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    supervisor = Group.objects.get(name=roles.SUPERVISOR_GROUP)
    assert (
        Group.objects.filter(name__in=[roles.OFFICER_GROUP, roles.HEAD_GROUP]).count()
        == 2
    )
    assert supervisor.permissions.filter(codename="view_case").exists()
