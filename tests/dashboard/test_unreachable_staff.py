"""Supervisors and heads see on the dashboard the staff whom overdue reminders
cannot reach (no e-mail address), by name, role and department."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboard.conftest import at, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(officer_a, officer_b, head_a, supervisor):
    """张伟 (officer of A) and the head of A have no address; the officer of B and
    the supervisor have one."""
    officer_a.first_name, officer_a.last_name = "伟", "张"
    officer_a.save()
    for user, address in [(officer_b, "b@gov.cn"), (supervisor, "s@gov.cn")]:
        user.email = address
        user.save()
    return {"officer_a": officer_a, "officer_b": officer_b, "head_a": head_a}


def unreachable(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.context["dashboard"]["unreachable_staff"], response


def test_a_supervisor_sees_every_member_of_staff_without_an_address(
    login, supervisor, staff, city
):
    names, response = unreachable(login(supervisor))

    short_a = city["a1"].department.short_name
    assert names == [
        f"head_a（部门负责人·{short_a}）",
        f"张伟（部门工作人员·{short_a}）",
    ]
    content = response.content.decode()
    assert "2 名人员没有电子邮箱，收不到超期提醒" in content
    assert f"张伟（部门工作人员·{short_a}）" in content
    assert "officer_b" not in content


def test_a_supervisor_without_an_address_is_listed_too(login, supervisor, city):
    supervisor.first_name = "督办员"
    supervisor.save()

    names, _response = unreachable(login(supervisor))

    assert names == ["督办员（督办人员）"]


def test_a_head_sees_only_their_own_departments_staff(login, head_a, staff, city):
    officer_b = staff["officer_b"]
    officer_b.email = ""
    officer_b.save()

    names, _response = unreachable(login(head_a))

    assert [name.split("（")[0] for name in names] == ["head_a", "张伟"]


def test_an_officer_is_not_shown_the_list(login, staff, city):
    names, response = unreachable(login(staff["officer_a"]))

    assert names == []
    assert 'id="dashboard-unreachable"' not in response.content.decode()


def test_with_every_address_filled_in_there_is_no_list(login, supervisor, staff, city):
    for user in (staff["officer_a"], staff["head_a"]):
        user.email = f"{user.username}@gov.cn"
        user.save()

    names, response = unreachable(login(supervisor))

    assert names == []
    assert "收不到超期提醒" not in response.content.decode()


def test_the_list_adds_a_bounded_number_of_queries(
    login, supervisor, staff, department_a, department_b, freeze
):
    for index in range(20):
        make_case(department_a if index % 2 else department_b, "complaint", at(11, 1))
    freeze()
    client = login(supervisor)

    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/")

    # The 30 of test_the_page_costs_a_bounded_number_of_queries, where only the
    # supervisor lacks an address, plus the departments named in the list.
    assert len(queries) <= 31
