"""Searching the case list: staff find a case by the contact's full name as they
do by the full phone number; a part of a name finds nothing (personal fields match
only in full, never by prefix or pattern)."""

import pytest
from django.urls import reverse

from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(department_a):
    return submit_case(
        department=department_a,
        title="夜间施工噪音扰民",
        contact_name="欧阳晓明",
        contact_phone="13812345678",
    ).case


def _found(client, query):
    response = client.get(reverse("admin:cases_case_changelist"), {"q": query})
    assert response.status_code == 200
    return [found.number for found in response.context["cl"].result_list]


def test_the_full_contact_name_finds_the_case(login, officer_a, case):
    assert _found(login(officer_a), "欧阳晓明") == [case.number]


@pytest.mark.parametrize("part", ["欧阳", "晓明", "阳晓", "欧阳晓"])
def test_a_part_of_the_name_finds_nothing(login, officer_a, case, part):
    assert _found(login(officer_a), part) == []


def test_the_full_phone_number_still_finds_it_and_a_part_does_not(
    login, officer_a, case
):
    client = login(officer_a)

    assert _found(client, "13812345678") == [case.number]
    assert _found(client, "1381234") == []


def test_another_departments_case_is_not_found_by_name(login, officer_b, case):
    assert _found(login(officer_b), "欧阳晓明") == []


def test_the_search_box_says_which_fields_need_the_full_text(login, officer_a):
    response = login(officer_a).get(reverse("admin:cases_case_changelist"))

    assert "联系人姓名和电话须完整输入" in response.content.decode()
