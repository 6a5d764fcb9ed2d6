"""The access policy (departments.policy) for each of the named users: who may act
for which department, who is a head, and the Chinese
messages of the `require_` forms."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from departments import policy
from departments.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def inactive_officer_a(django_user_model, department_a):
    from departments import services

    user = django_user_model.objects.create_user("gone", password="pass-12345!")
    services.staff_grant(user=user, department=department_a, role="officer")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@pytest.fixture
def users(
    officer_a, officer_b, head_a, supervisor, superuser, inactive_officer_a
) -> dict:
    return {
        "officer_a": officer_a,
        "officer_b": officer_b,
        "head_a": head_a,
        "supervisor": supervisor,
        "superuser": superuser,
        "inactive": inactive_officer_a,
        "anonymous": AnonymousUser(),
    }


# What each named user may do: act for A, act for B, supervise, be staff of A,
# be head of A; and their scope ("all" or departments).
EXPECTED = {
    "officer_a": ("act_a", "staff_a", {"a"}),
    "officer_b": ("act_b", {"b"}),
    "head_a": ("act_a", "staff_a", "head_a", {"a"}),
    "supervisor": ("act_a", "act_b", "supervise", "all"),
    "superuser": ("act_a", "act_b", "supervise", "all"),
    "inactive": (set(),),
    "anonymous": (set(),),
}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_user_may_do_exactly_what_their_role_allows(
    name, users, department_a, department_b
):
    user = users[name]
    a, b = department_a.pk, department_b.pk
    answers = {
        "act_a": policy.may_act_for(user, a),
        "act_b": policy.may_act_for(user, b),
        "supervise": policy.is_supervisor(user),
        "staff_a": policy.is_staff_of(user, a),
        "head_a": policy.is_head_of(user, a),
    }
    *allowed, scope = EXPECTED[name]
    ids = {"a": a, "b": b}

    assert {key for key, yes in answers.items() if yes} == set(allowed)
    assert policy.scope_for(user) == (
        policy.EVERYTHING
        if scope == "all"
        else policy.Scope(department_ids=frozenset(ids[key] for key in scope))
    )
    assert not policy.is_head_of(user, b)
    assert not policy.is_staff_of(user, b) or name == "officer_b"


@pytest.mark.parametrize("name", EXPECTED)
def test_the_require_forms_raise_exactly_when_the_boolean_is_false(
    name, users, department_a, department_b
):
    user = users[name]
    checks = [
        (policy.may_act_for, policy.require_may_act_for, [department_a.pk]),
        (policy.may_act_for, policy.require_may_act_for, [department_b.pk]),
        (policy.is_supervisor, policy.require_supervisor, []),
    ]
    for boolean, require, args in checks:
        if boolean(user, *args):
            require(user, *args)
        else:
            with pytest.raises(PermissionDenied):
                require(user, *args)


def test_scope_of_staff_is_their_granted_departments_by_permission(
    officer_a, head_a, department_a
):
    assert policy.scope_for(officer_a, "approve_extensions").department_ids == set()
    assert policy.scope_for(officer_a, "manage_profile").department_ids == set()
    assert policy.scope_for(head_a, "manage_profile").department_ids == {
        department_a.pk
    }


def test_an_inactive_superuser_is_not_a_supervisor(superuser):
    superuser.is_active = False

    assert not policy.is_supervisor(superuser)
    assert policy.scope_for(superuser) == policy.NOTHING


def test_the_system_acts_for_every_department_but_heads_none(department_a):
    assert policy.may_act_for(None, department_a.pk)
    assert policy.scope_for(None).everything
    assert not policy.is_head_of(None, department_a.pk)
    assert not policy.is_staff_of(None, department_a.pk)
    policy.require_supervisor(None)


def test_staff_of_a_closed_department_still_act_for_it(officer_a, department_a):
    Department.objects.filter(pk=department_a.pk).update(is_active=False)

    assert policy.may_act_for(officer_a, department_a.pk)


def test_a_row_without_department_is_in_an_unlimited_scope_only(officer_a):
    assert policy.EVERYTHING.includes(None)
    assert not policy.scope_for(officer_a).includes(None)


def test_scope_filter_limits_a_queryset_to_the_scope(
    officer_a, supervisor, department_a, department_b
):
    departments = Department.objects.filter(pk__in=[department_a.pk, department_b.pk])

    assert list(policy.scope_for(officer_a).filter(departments, field="pk")) == [
        department_a
    ]
    assert set(policy.scope_for(supervisor).filter(departments, field="pk")) == {
        department_a,
        department_b,
    }
    assert not policy.NOTHING.filter(departments, field="pk").exists()


def test_scope_filter_follows_a_path_to_the_department(
    officer_b, department_a, department_b
):
    from departments.models import ServiceWindow

    ServiceWindow.objects.create(department=department_a, name="窗口甲", code="w-a")
    mine = ServiceWindow.objects.create(
        department=department_b, name="窗口乙", code="w-b"
    )

    scoped = policy.scope_for(officer_b).filter(ServiceWindow.objects.all())

    assert list(scoped) == [mine]


def test_grants_are_read_once_per_user_and_permission(
    django_assert_num_queries, officer_a, department_a, department_b
):
    policy.may_act_for(officer_a, department_a.pk)

    with django_assert_num_queries(0):
        policy.may_act_for(officer_a, department_b.pk)
        policy.scope_for(officer_a)


def test_the_messages_are_chinese(officer_a, department_b):
    cases = [
        (policy.require_may_act_for, [officer_a, department_b.pk], "您无权处理"),
        (policy.require_supervisor, [officer_a], "只有督办人员"),
    ]
    for require, args, start in cases:
        with pytest.raises(PermissionDenied) as raised:
            require(*args)
        assert str(raised.value).startswith(start)


def test_a_given_message_replaces_the_default(officer_a, department_b):
    with pytest.raises(PermissionDenied, match="您只能审核本部门的评论。"):
        policy.require_may_act_for(
            officer_a, department_b.pk, message="您只能审核本部门的评论。"
        )


def test_the_selectors_re_export_the_policy():
    from departments import selectors

    assert selectors.scope_for is policy.scope_for
    assert selectors.require_may_act_for is policy.require_may_act_for


def test_only_active_superusers_manage_departments(users, superuser):
    managers = {
        name for name, user in users.items() if policy.may_manage_departments(user)
    }

    assert managers == {"superuser"}
    assert policy.may_manage_departments(None)
    superuser.is_active = False
    assert not policy.may_manage_departments(superuser)
