"""同一对象已有 N 件诉求正在办理: the hint before a second complaint, counts only,
and the similar cases on the case page for 并单."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases/similar/"


def complaint(department, **fields):
    fields.setdefault("complainee", "幸福里建筑工地")
    return submit_case(
        department=department,
        kind="complaint",
        title="夜间施工噪音",
        content="工地夜里施工，噪音很大。",
        contact_name="李大伟",
        contact_phone="13900002222",
        address="幸福里小区东门",
        **fields,
    ).case


def test_a_second_complaint_about_the_same_complainee_is_told_without_personal_data(
    api_client, department_a
):
    complaint(department_a)

    response = api_client.get(
        URL, {"department": department_a.pk, "complainee": " 幸福里建筑工地 "}
    )

    body = response.json()
    assert response.status_code == 200
    assert body["same_complainee"] == 1
    assert body["message"].startswith("同一对象已有 1 件诉求正在办理")
    text = str(body)
    for personal in ("李大伟", "13900002222", "幸福里小区东门", "噪音"):
        assert personal not in text


def test_only_complaints_in_hand_of_the_last_30_days_in_that_department_count(
    api_client, department_a, department_b
):
    complaint(department_a, now=timezone.now() - timedelta(days=31))
    complaint(department_b)
    answered = complaint(department_a)
    services.case_transition(case=answered, to_status="accepted")
    services.case_transition(case=answered, to_status="replied", reply="已处理。")
    submit_case(
        department=department_a, kind="consultation", complainee="幸福里建筑工地"
    )

    body = api_client.get(
        URL, {"department": department_a.pk, "complainee": "幸福里建筑工地"}
    ).json()

    assert body == {
        "same_complainee": 0,
        "same_address": 0,
        "same_service_type": 0,
        "message": "",
    }


def test_the_department_is_required_and_named_in_chinese(api_client, db):
    response = api_client.get(URL, {"complainee": "某工地"})
    assert response.status_code == 400
    assert "department" in response.json()


def test_the_case_page_lists_the_similar_open_cases(client, officer_a, department_a):
    first = complaint(department_a)
    second = complaint(department_a, complainee="另一家工地")
    client.force_login(officer_a)

    page = client.get(f"/admin/cases/case/{second.pk}/change/").content.decode()

    assert "相似诉求" in page and first.number in page and "同一地址" in page
