"""How the back office names a member of staff: full name, role and department."""

import pytest

from departments import selectors, services

pytestmark = pytest.mark.django_db


def test_an_officer_is_named_family_name_first_with_role_and_department(
    officer_a, department_a
):
    officer_a.last_name, officer_a.first_name = "张", "伟"
    officer_a.save()

    assert (
        selectors.staff_display_name(user=officer_a)
        == f"张伟（部门工作人员·{department_a.short_name}）"
    )


def test_without_a_name_the_username_stands_in(head_a, department_a):
    assert (
        selectors.staff_display_name(user=head_a)
        == f"head_a（部门负责人·{department_a.short_name}）"
    )


def test_a_supervisor_and_a_superuser_have_no_department(supervisor, superuser):
    supervisor.first_name = "王芳"
    supervisor.save()

    names = selectors.staff_display_names(users=[supervisor, superuser])

    assert names == {
        supervisor.pk: "王芳（督办人员）",
        superuser.pk: "root（系统管理员）",
    }


def test_every_role_held_is_named(officer_a, department_a, department_b):
    services.staff_grant(user=officer_a, department=department_b, role="head")
    officer_a.first_name, officer_a.last_name = "Wei", "Zhang"
    officer_a.save()

    assert selectors.staff_display_name(user=officer_a) == (
        f"Wei Zhang（部门负责人·{department_b.short_name}；"
        f"部门工作人员·{department_a.short_name}）"
    )


def test_naming_many_users_takes_two_queries(
    officer_a, officer_b, head_a, supervisor, django_assert_num_queries
):
    users = [officer_a, officer_b, head_a, supervisor]

    with django_assert_num_queries(2):
        names = selectors.staff_display_names(users=users)

    assert len(names) == 4
