"""Officers see and handle only their own departments' cases, everywhere in the
back office; supervisors see all. Another department's case by URL is a 404."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, ContactAccess

pytestmark = pytest.mark.django_db


def _case(department, **overrides):
    fields = {
        "kind": "complaint",
        "title": "夜间施工噪音扰民",
        "content": "小区东侧工地每晚十一点后仍在施工。",
        "department_id": department.id,
        "complainee": "某工地",
        "contact_name": "王小明",
        "contact_phone": "13812345678",
        "channel": "h5",
    }
    fields.update(overrides)
    return services.case_submit(submission=services.CaseSubmission(**fields)).case


@pytest.fixture
def case_a(department_a):
    return _case(department_a, title="甲部门的诉求")


@pytest.fixture
def case_b(department_b):
    return _case(department_b, title="乙部门的诉求")


def _changelist_numbers(client):
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 200
    return {case.number for case in response.context["cl"].result_list}


def test_an_officer_lists_only_their_departments_cases(
    login, officer_a, case_a, case_b
):
    assert _changelist_numbers(login(officer_a)) == {case_a.number}


def test_a_supervisor_lists_every_departments_cases(login, supervisor, case_a, case_b):
    assert _changelist_numbers(login(supervisor)) == {case_a.number, case_b.number}


@pytest.mark.parametrize("view", ["change", "history"])
def test_another_departments_case_by_url_is_404(login, officer_b, case_a, view):
    url = reverse(f"admin:cases_case_{view}", args=[case_a.pk])

    assert login(officer_b).get(url).status_code == 404


def test_officer_opens_own_case_with_contact_masked(login, officer_a, case_a):
    response = login(officer_a).get(
        reverse("admin:cases_case_change", args=[case_a.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "138****5678" in html
    assert "13812345678" not in html
    assert "王小明" not in html
    assert not ContactAccess.objects.exists()


def test_revealing_contact_details_is_recorded(login, officer_a, case_a):
    response = login(officer_a).post(
        reverse("admin:cases_case_contact", args=[case_a.pk])
    )

    assert response.status_code == 200
    assert "13812345678" in response.content.decode()
    access = ContactAccess.objects.get()
    assert (access.user, access.case) == (officer_a, case_a)


def test_another_departments_officer_cannot_reveal_contact(login, officer_b, case_a):
    response = login(officer_b).post(
        reverse("admin:cases_case_contact", args=[case_a.pk])
    )

    assert response.status_code == 404
    assert not ContactAccess.objects.exists()


def test_an_officer_cannot_act_on_another_departments_case(login, officer_b, case_a):
    url = reverse("admin:cases_case_step", args=[case_a.pk, "accept"])

    assert login(officer_b).post(url, {}).status_code == 404
    case_a.refresh_from_db()
    assert case_a.status == Case.Status.SUBMITTED


def test_bulk_accept_action_touches_only_the_officers_cases(
    login, officer_a, case_a, case_b
):
    client = login(officer_a)
    client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "accept_selected", "_selected_action": [case_a.pk, case_b.pk]},
    )

    case_a.refresh_from_db()
    case_b.refresh_from_db()
    assert case_a.status == Case.Status.ACCEPTED
    assert case_b.status == Case.Status.SUBMITTED


def test_changelist_search_stays_within_scope(login, officer_a, case_a, case_b):
    response = login(officer_a).get(
        reverse("admin:cases_case_changelist"), {"q": case_b.number}
    )

    assert list(response.context["cl"].result_list) == []


def test_department_filter_offers_only_own_departments(
    login, officer_a, department_a, department_b, case_a
):
    response = login(officer_a).get(reverse("admin:cases_case_changelist"))

    html = response.content.decode()
    assert department_a.name in html
    assert department_b.name not in html


def test_an_officer_edits_own_windows_but_not_another_departments(
    login, officer_a, department_a, department_b
):
    from tests.factories import ServiceWindowFactory

    own = ServiceWindowFactory(department=department_a)
    other = ServiceWindowFactory(department=department_b)
    client = login(officer_a)

    own_url = reverse("admin:departments_servicewindow_change", args=[own.pk])
    other_url = reverse("admin:departments_servicewindow_change", args=[other.pk])
    assert client.get(own_url).status_code == 200
    assert client.get(other_url).status_code == 404
    response = client.post(
        own_url,
        {
            "department": department_a.pk,
            "name": "新窗口名称",
            "code": own.code,
            "sort_order": 1,
            "is_active": "on",
            "service_types-TOTAL_FORMS": 0,
            "service_types-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "新窗口名称"


def test_only_a_head_edits_the_department_profile(
    login, officer_a, head_a, department_a, department_b
):
    url = reverse("admin:departments_department_change", args=[department_a.pk])

    officer_page = login(officer_a).get(url)
    assert officer_page.status_code == 200
    assert officer_page.context["has_change_permission"] is False
    head_page = login(head_a).get(url)
    assert head_page.context["has_change_permission"] is True
    other = reverse("admin:departments_department_change", args=[department_b.pk])
    assert login(head_a).get(other).status_code == 404


def test_officer_registers_a_phone_call_for_a_citizen(login, officer_a, department_a):
    response = login(officer_a).post(
        reverse("admin:cases_case_add"),
        {
            "channel": "phone",
            "kind": "consultation",
            "department": department_a.pk,
            "title": "医保报销咨询",
            "content": "市民来电咨询异地就医报销需要哪些材料。",
            "contact_name": "李先生",
            "contact_phone": "13900001111",
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.channel, case.department) == ("phone", department_a)
    assert case.events.get().actor == officer_a


def test_officer_cannot_register_a_case_for_another_department(
    login, officer_a, department_b
):
    response = login(officer_a).post(
        reverse("admin:cases_case_add"),
        {
            "channel": "phone",
            "kind": "consultation",
            "department": department_b.pk,
            "title": "医保报销咨询",
            "content": "市民来电咨询异地就医报销需要哪些材料。",
            "contact_name": "李先生",
            "contact_phone": "13900001111",
        },
    )

    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_user_without_a_department_sees_no_cases(login, django_user_model, case_a):
    nobody = django_user_model.objects.create_user(
        "nobody", password="x", is_staff=True
    )

    response = login(nobody).get(reverse("admin:cases_case_changelist"))

    assert response.status_code == 403


def test_grant_department_command_grants_and_revokes(django_user_model, department_a):
    from django.core.management import call_command

    from departments.selectors import scope_for

    user = django_user_model.objects.create_user("zhang", password="x")
    call_command("grant_department", "zhang", department_a.code, "--role", "head")
    user = django_user_model.objects.get(pk=user.pk)
    assert scope_for(user, "approve_extensions").department_ids == {department_a.pk}
    assert user.is_staff

    call_command("grant_department", "zhang", department_a.code, "--revoke")
    user = django_user_model.objects.get(pk=user.pk)
    assert scope_for(user).department_ids == set()
    assert not user.has_perm("cases.view_case")


def test_staff_api_lists_only_the_officers_cases(login, officer_a, case_a, case_b):
    response = login(officer_a).get("/api/v1/staff/cases/")

    assert response.status_code == 200
    assert [c["number"] for c in response.json()["results"]] == [case_a.number]
    assert "contact_phone" not in response.content.decode()


def test_staff_api_hides_another_departments_case(login, officer_b, case_a):
    assert (
        login(officer_b).get(f"/api/v1/staff/cases/{case_a.number}/").status_code == 404
    )


def test_staff_api_refuses_citizens(client, case_a):
    response = client.get("/api/v1/staff/cases/")

    assert response.status_code == 403
    assert response.json()["detail"] == "身份认证信息未提供。"


def test_staff_api_shows_a_supervisor_everything(login, supervisor, case_a, case_b):
    response = login(supervisor).get("/api/v1/staff/cases/")

    assert {c["number"] for c in response.json()["results"]} == {
        case_a.number,
        case_b.number,
    }


@pytest.mark.parametrize("count", [3, 40])
def test_officer_changelist_query_count_does_not_grow(
    login, officer_a, department_a, django_assert_max_num_queries, count
):
    for index in range(count):
        _case(department_a, title=f"诉求{index}")
    client = login(officer_a)
    client.get(reverse("admin:cases_case_changelist"))  # warm the session

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:cases_case_changelist"))
    assert len(response.context["cl"].result_list) == min(count, 50)
