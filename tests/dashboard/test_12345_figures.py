"""The 12345 office's figures on the staff dashboard, its ranking and 数据公开,
on the city of `office_city` (every number counted by hand in its docstring)."""

from datetime import date

import pytest

from portal.dashboard.presentation_office import office_rates, office_totals
from portal.dashboard.selectors import dashboard_figures
from tests.dashboard.office_city import NOW, build_office_city

URL = "/admin/"


@pytest.fixture
def city(department_a, department_b, freeze):
    cases = build_office_city(department_a, department_b)
    freeze(NOW)
    return cases


def november(department_ids=None):
    return dashboard_figures(
        department_ids=department_ids,
        date_from=date(2026, 11, 1),
        date_to=date(2026, 11, 20),
        now=NOW,
    )


def test_each_department_gets_its_own_rates(city, department_a, department_b):
    office = november().office

    a = office_rates(office[department_a.id])
    assert a.sign_on_time == 0.3333  # 1 ÷ 3
    assert a.returns == 0.3333  # 2 ÷ 6
    assert a.redo == 0.25  # 1 ÷ 4
    assert a.callback == 0.75  # 3 ÷ 4
    assert a.callback_satisfaction == 0.6667  # 2 ÷ 3, 基本满意 counts
    assert a.handling_average == 1.5  # (2 + 1 + 1 + 4 − 2) ÷ 4
    assert a.co_on_time is None  # nothing asked of A
    b = office_rates(office[department_b.id])
    assert b.co_on_time == 0.5  # B's own 协办: 1 ÷ (1 + 1)
    assert b.sign_on_time is None
    assert office[department_b.id].received == 1


def test_the_city_total_adds_up_the_parts(city):
    total = office_totals(november().office)

    assert total.received == 7
    assert office_rates(total).returns == 0.2857  # 2 ÷ 7
    assert office_rates(total).co_on_time == 0.5


def test_the_card_shows_each_rate_with_its_parts(login, supervisor, city):
    page = login(supervisor).get(URL, {"date_from": "2026-11-01"})
    text = page.content.decode()

    assert page.status_code == 200
    assert "12345 考核指标" in text
    for expected in [
        "按时签收 1 ÷ 应签收 3",
        "退单 2 ÷ 受理 7",
        "重办 1 ÷ 办结 4",
        "已回访 3 ÷ 办结 4",
        "满意及基本满意 2 ÷ 回访 3",
        "66.7%",
        "1.5",
    ]:
        assert expected in text


def test_the_ranking_has_the_12345_columns_and_sorts_by_them(
    login, supervisor, city, department_a, department_b
):
    client = login(supervisor)
    ranking = client.get(URL, {"date_from": "2026-11-01", "sort": "-sign"}).context[
        "dashboard"
    ]["ranking"]

    labels = [header["label"] for header in ranking["headers"]]
    for label in ["签收及时率", "退单率", "重办率", "回访率", "回访满意率"]:
        assert label in labels
    sign = labels.index("签收及时率")
    # A has a rate, B none: B last either way.
    assert [row[0]["text"] for row in ranking["rows"]] == [
        department_a.name,
        department_b.name,
    ]
    assert ranking["rows"][0][sign]["text"] == "33.3%"
    assert ranking["rows"][1][sign]["text"] == "—"


def test_a_head_sees_only_their_department(login, head_a, city, department_b):
    page = login(head_a).get(URL, {"date_from": "2026-11-01"})
    text = page.content.decode()

    assert "退单 2 ÷ 受理 6" in text
    assert department_b.name not in [
        row[0]["text"] for row in page.context["dashboard"]["ranking"]["rows"]
    ]


def test_the_public_statistics_carry_the_12345_rates(
    api_client, city, department_a, department_b
):
    body = api_client.get("/api/v1/stats/", {"year": 2026}).json()
    by_id = {row["id"]: row for row in body["departments"]}

    a = by_id[department_a.id]
    assert a["sign_on_time_rate"] == 0.3333
    assert a["returned"] == 3  # the year: October's c0 too
    assert a["return_rate"] == 0.4286  # 3 ÷ 7
    assert a["redo_rate"] == 0.25
    assert a["callback_rate"] == 0.75
    assert a["callback_satisfaction_rate"] == 0.6667
    assert a["average_handling_workdays"] == 1.5
    assert a["co_handling_on_time_rate"] is None
    assert by_id[department_b.id]["co_handling_on_time_rate"] == 0.5
    assert body["city"]["returned"] == 3


def test_the_schema_documents_the_new_fields(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()
    figures = schema["components"]["schemas"]["Figures"]["properties"]

    for field in ["sign_on_time_rate", "return_rate", "average_handling_workdays"]:
        assert figures[field]["description"]
    assert figures["sign_on_time_rate"]["nullable"] is True
