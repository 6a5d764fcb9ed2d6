"""The back office pages of the departments domain, for a superuser."""

import pytest
from django.urls import reverse

from departments.models import Department
from tests.factories import LeaderFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["department", "servicewindow", "servicetype", "leader"]
)
def test_superuser_sees_changelist_add_and_change_pages(admin_client, model):
    service_type = ServiceTypeFactory(name="失业人员各项补贴")
    leader = LeaderFactory(department=service_type.window.department, name="张主任")
    objects = {
        "department": service_type.window.department,
        "servicewindow": service_type.window,
        "servicetype": service_type,
        "leader": leader,
    }

    changelist = admin_client.get(reverse(f"admin:departments_{model}_changelist"))
    add = admin_client.get(reverse(f"admin:departments_{model}_add"))
    change = admin_client.get(
        reverse(f"admin:departments_{model}_change", args=[objects[model].pk])
    )

    assert changelist.status_code == add.status_code == change.status_code == 200


def test_admin_speaks_chinese_and_carries_the_portal_title(admin_client):
    response = admin_client.get(reverse("admin:index"))

    content = response.content.decode()
    assert "微政务管理后台" in content
    assert "部门与服务" in content
    assert "最近操作" in content


def test_admin_searches_departments(admin_client):
    ServiceTypeFactory(window__department__name="劳动和社会保障局")
    ServiceTypeFactory(window__department__name="财政局")

    response = admin_client.get(
        reverse("admin:departments_department_changelist"), {"q": "劳动"}
    )

    assert list(response.context["cl"].result_list.values_list("name", flat=True)) == [
        "劳动和社会保障局"
    ]


def test_admin_adds_a_department_with_a_window_inline(admin_client):
    response = admin_client.post(
        reverse("admin:departments_department_add"),
        {
            "name": "民政局",
            "short_name": "民政局",
            "code": "civil",
            "duties_summary": "婚姻登记、社会救助",
            "sort_order": 10,
            "is_active": "on",
            "windows-TOTAL_FORMS": 1,
            "windows-INITIAL_FORMS": 0,
            "windows-0-name": "婚姻登记窗口",
            "windows-0-code": "marriage",
            "windows-0-location": "一楼6号窗口",
            "windows-0-sort_order": 10,
            "windows-0-is_active": "on",
            "leaders-TOTAL_FORMS": 0,
            "leaders-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.context["errors"]
    department = Department.objects.get(code="civil")
    assert list(department.windows.values_list("name", flat=True)) == ["婚姻登记窗口"]


def test_admin_refuses_a_bad_code_with_a_chinese_message(admin_client):
    response = admin_client.post(
        reverse("admin:departments_department_add"),
        {
            "name": "民政局",
            "code": "民政",
            "duties_summary": "x",
            "sort_order": 10,
            "windows-TOTAL_FORMS": 0,
            "windows-INITIAL_FORMS": 0,
            "leaders-TOTAL_FORMS": 0,
            "leaders-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "编码只能包含小写字母、数字和连字符。" in response.content.decode()
    assert not Department.objects.exists()
