"""GET /api/v1/stats/: the 数据公开 figures, correct, cached, and impersonal."""

import json

import pytest

from tests.dashboard.conftest import at
from tests.factories import DepartmentFactory, LeaderFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/"
PERSONAL_KEYS = {
    "title",
    "content",
    "contact_name",
    "contact_phone",
    "phone",
    "address",
    "complainee",
    "reply",
    "comment",
    "number",
    "latitude",
    "longitude",
}


def keys_of(value):
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for item in value for k in keys_of(item)}
    return set()


LEGACY_FIELDS = [
    "received",
    "answered",
    "overdue_unanswered",
    "on_time_rate",
    "closure_rate",
    "satisfaction_rate",
    "impression_average",
]


def test_it_gives_each_active_department_and_the_city_this_year(api_client, ratings):
    DepartmentFactory(name="已撤销的局", is_active=False)

    response = api_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    # The fields from before the 12345 figures (test_12345_figures has those).
    assert {key: body["city"][key] for key in LEGACY_FIELDS} == {
        "received": 9,
        "answered": 4,
        "overdue_unanswered": 1,
        "on_time_rate": 0.6,
        "closure_rate": 0.2222,
        "satisfaction_rate": 0.6667,
        "impression_average": 3.0,
    }
    a, b = ratings["a1"].department_id, ratings["b1"].department_id
    departments = [
        {key: row[key] for key in ["id", "name", *LEGACY_FIELDS]}
        for row in body["departments"]
    ]
    assert departments == [
        {
            "id": a,
            "name": "劳动和社会保障局",
            "received": 7,
            "answered": 3,
            "overdue_unanswered": 1,
            "on_time_rate": 0.5,
            "closure_rate": 0.1429,
            "satisfaction_rate": 0.5,
            "impression_average": 3.0,
        },
        {
            "id": b,
            "name": "环境保护局",
            "received": 2,
            "answered": 1,
            "overdue_unanswered": 0,
            "on_time_rate": 1.0,
            "closure_rate": 0.5,
            "satisfaction_rate": 1.0,
            "impression_average": None,
        },
    ]


def test_a_past_year_can_be_asked_for(api_client, city):
    body = api_client.get(URL, {"year": 2025}).json()

    assert body["year"] == 2025
    assert body["city"]["received"] == 1  # b3
    assert body["city"]["on_time_rate"] == 1.0


def test_ratings_count_in_the_year_they_were_given(api_client, ratings):
    from feedback import services as feedback

    # b3 (a 2025 case) rated 非常不满意 in 2025, and a 2025 impression of B.
    feedback.evaluation_submit(case=ratings["b3"], level=1, now=at(12, 20, year=2025))
    feedback.impression_submit(
        department=ratings["b3"].department,
        score=1,
        device_hash="last-year",
        now=at(12, 31, 23, year=2025),
    )

    this_year = api_client.get(URL).json()
    last_year = api_client.get(URL, {"year": 2025}).json()

    b = ratings["b3"].department_id
    b_this_year = next(d for d in this_year["departments"] if d["id"] == b)
    b_last_year = next(d for d in last_year["departments"] if d["id"] == b)
    # 2026: only b2's 满意; A's figures and the city's as in the test above.
    assert (b_this_year["satisfaction_rate"], b_this_year["impression_average"]) == (
        1.0,
        None,
    )
    assert this_year["city"]["satisfaction_rate"] == 0.6667
    assert this_year["city"]["impression_average"] == 3.0
    # 2025: only last year's rating and impression.
    assert (b_last_year["satisfaction_rate"], b_last_year["impression_average"]) == (
        0.0,
        1.0,
    )
    assert last_year["city"]["satisfaction_rate"] == 0.0
    assert last_year["city"]["impression_average"] == 1.0


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "年份必须是整数。"),
        ("2019", "年份不能早于 2020 年。"),
        ("2027", "年份不能晚于今年。"),
    ],
)
def test_it_refuses_a_bad_year(api_client, city, year, message):
    response = api_client.get(URL, {"year": year})

    assert response.status_code == 400
    assert response.json() == {"year": [message]}


def test_it_carries_no_personal_data(api_client, ratings):
    LeaderFactory(department=ratings["a1"].department, name="张局长", title="局长")

    response = api_client.get(URL)
    text = response.content.decode()

    assert not keys_of(response.json()) & PERSONAL_KEYS
    for case in ratings.values():
        for value in [case.contact_name, case.contact_phone, case.title, case.number]:
            assert value not in text
    for value in ["张局长", "局长", "0531-12345678", "市民中心"]:
        assert value not in text
    assert set(keys_of(json.loads(text))) == {
        "year",
        "city",
        "departments",
        "id",
        "name",
        "received",
        "answered",
        "overdue_unanswered",
        "on_time_rate",
        "closure_rate",
        "satisfaction_rate",
        "impression_average",
        "sign_on_time_rate",
        "returned",
        "return_rate",
        "redo_rate",
        "callback_rate",
        "callback_satisfaction_rate",
        "average_handling_workdays",
        "co_handling_on_time_rate",
    }


def test_it_is_cached_for_five_minutes(api_client, city, django_assert_num_queries):
    first = api_client.get(URL)

    with django_assert_num_queries(0):
        second = api_client.get(URL)

    assert second.json() == first.json()
    assert "max-age=300" in second["Cache-Control"]
    assert "public" in second["Cache-Control"]


def test_it_needs_no_login_and_ignores_one(api_client, city, supervisor):
    api_client.force_authenticate(supervisor)

    assert api_client.get(URL).status_code == 200


def test_it_costs_ten_queries(api_client, city, django_assert_max_num_queries):
    # Departments, one scan of the cases, satisfaction, impressions, and six for
    # the 12345 office's figures (answer days, four counts, the pauses).
    with django_assert_max_num_queries(10):
        api_client.get(URL)
