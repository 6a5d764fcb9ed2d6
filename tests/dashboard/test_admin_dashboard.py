"""The dashboard is the admin's first page: each role sees its own scope, every
number links to exactly the cases it counts, and the page stays cheap."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboard.conftest import at, make_case

pytestmark = pytest.mark.django_db


def dashboard(client, **params):
    response = client.get("/admin/", params)
    assert response.status_code == 200
    return response.context["dashboard"]


def listed(client, href):
    """The case numbers the changelist shows at `href`."""
    response = client.get(href)
    assert response.status_code == 200, href
    return {case.number for case in response.context["cl"].result_list}


def numbers(city, *names):
    return {city[name].number for name in names}


def test_staff_land_on_the_dashboard_above_the_app_list(login, supervisor, city):
    response = login(supervisor).get("/admin/")

    assert response.status_code == 200
    assert response.templates[0].name == "admin/dashboard/index.html"
    content = response.content.decode()
    assert "数据看板" in content
    assert content.index('id="dashboard"') < content.index('id="content-main"')


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_supervisor_sees_every_department(login, supervisor, city):
    board = dashboard(login(supervisor))

    assert board["cards"]["backlog_total"]["text"] == "5"
    assert board["cards"]["received"]["text"] == "9"
    assert board["cards"]["on_time"]["text"] == "60.0%"
    assert [row[0]["text"] for row in board["ranking"]["rows"]] == [
        "劳动和社会保障局",
        "环境保护局",
    ]


@pytest.mark.parametrize("user", ["officer_a", "head_a"])
def test_staff_of_a_department_see_only_its_figures(request, login, user, city):
    client = login(request.getfixturevalue(user))
    board = dashboard(client)

    assert board["cards"]["backlog_total"]["text"] == "4"
    assert board["cards"]["received"]["text"] == "7"
    assert board["cards"]["on_time"]["text"] == "50.0%"
    assert board["cards"]["reply_average"]["text"] == "3.7"
    assert [row[0]["text"] for row in board["ranking"]["rows"]] == ["劳动和社会保障局"]
    assert "环境保护局" not in client.get("/admin/").content.decode()


def test_an_officer_cannot_pick_another_department(login, officer_a, city):
    board = dashboard(login(officer_a), department=city["b1"].department_id)

    assert board["form"].errors
    assert board["cards"]["backlog_total"]["text"] == "4"


def test_a_supervisor_picks_a_department_and_a_date_range(login, supervisor, city):
    board = dashboard(
        login(supervisor),
        department=city["b1"].department_id,
        date_from="2026-11-01",
        date_to="2026-11-04",
    )

    assert board["cards"]["received"]["text"] == "1"  # b2
    assert board["cards"]["backlog_total"]["text"] == "1"  # b1, whatever the range
    query = parse_qs(urlsplit(board["cards"]["received"]["href"]).query)
    assert query == {
        "department__id__exact": [str(city["b1"].department_id)],
        "submitted_at__gte": ["2026-11-01 00:00:00+08:00"],
        "submitted_at__lt": ["2026-11-05 00:00:00+08:00"],
    }


def test_a_reversed_range_is_refused_with_a_message(login, supervisor, city):
    client = login(supervisor)
    board = dashboard(client, date_from="2026-11-10", date_to="2026-11-01")

    assert (
        "起始日期不能晚于截止日期。"
        in client.get(
            "/admin/", {"date_from": "2026-11-10", "date_to": "2026-11-01"}
        ).content.decode()
    )
    assert board["cards"]["received"]["text"] == "9"  # back to this year


def test_card_links_list_exactly_the_cases_counted(login, supervisor, city):
    client = login(supervisor)
    cards = dashboard(client)["cards"]

    assert cards["overdue"]["href"] == "/admin/cases/case/?deadline=overdue"
    assert listed(client, cards["overdue"]["href"]) == numbers(city, "a5")
    assert listed(client, cards["due_soon"]["href"]) == numbers(city, "a6")
    assert listed(client, cards["backlog_total"]["href"]) == numbers(
        city, "a3", "a4", "a5", "a6", "b1"
    )
    assert listed(client, cards["answered"]["href"]) == numbers(
        city, "a1", "a2", "a7", "b2"
    )
    assert listed(client, cards["closed"]["href"]) == numbers(city, "a1", "b2")
    assert listed(client, cards["closure_rate"]["href"]) == numbers(city, "a1", "b2")
    assert listed(client, cards["late_open"]["href"]) == numbers(city, "a5")
    assert len(listed(client, cards["received"]["href"])) == 9


def test_received_links_follow_the_period_and_the_kind(login, supervisor, city):
    client = login(supervisor)
    received = dashboard(client)["received"]
    week = received["rows"][1]

    assert week[0]["text"] == "本周"
    assert [c["text"] for c in week[1:]] == ["2", "1", "2", "5"]
    assert listed(client, week[3]["href"]) == numbers(city, "a4", "b1")
    assert listed(client, week[4]["href"]) == numbers(
        city, "a3", "a4", "a5", "a6", "b1"
    )


def test_ranking_links_filter_by_department(login, supervisor, city):
    client = login(supervisor)
    first = dashboard(client)["ranking"]["rows"][0]

    assert [c["text"] for c in first[:5]] == [
        "劳动和社会保障局",
        "7",
        "3",
        "50.0%",
        "3.7",
    ]
    assert listed(client, first[2]["href"]) == numbers(city, "a1", "a2", "a7")


def test_chart_bars_link_to_their_cases(login, supervisor, city, noise):
    client = login(supervisor)
    charts = {chart["id"]: chart for chart in dashboard(client)["charts"]}

    complaints = charts["chart-complaints"]["table"]["rows"]
    assert [(r[0]["text"], r[1]["text"]) for r in complaints] == [
        ("噪音扰民", "2"),
        ("未选择服务类型", "1"),
    ]
    assert listed(client, complaints[0][1]["href"]) == numbers(city, "a2", "a7")
    assert listed(client, complaints[1][1]["href"]) == numbers(city, "a3")
    backlog = charts["chart-backlog"]["table"]["rows"]
    assert [(r[0]["text"], r[1]["text"]) for r in backlog] == [
        ("劳动和社会保障局", "4（超期 1）"),
        ("环境保护局", "1（超期 0）"),
    ]


def test_charts_are_inline_svg_with_titles_and_tables(login, supervisor, city):
    content = login(supervisor).get("/admin/").content.decode()

    assert content.count('<svg class="dashboard-chart"') == 5
    for chart_id in ["monthly", "backlog", "on-time", "satisfaction", "complaints"]:
        assert f'<title id="chart-{chart_id}-title">' in content
    assert content.count("<summary>数据表</summary>") == 5
    assert "<script" not in content.split('id="dashboard"')[1].split("功能菜单")[0]


def test_the_ranking_sorts_by_the_chosen_column(login, supervisor, city):
    client = login(supervisor)

    def order(sort):
        rows = dashboard(client, sort=sort)["ranking"]["rows"]
        return [row[0]["text"] for row in rows]

    assert order("-on_time") == ["环境保护局", "劳动和社会保障局"]
    assert order("on_time") == ["劳动和社会保障局", "环境保护局"]
    assert order("-received") == ["劳动和社会保障局", "环境保护局"]
    headers = dashboard(client, sort="-on_time")["ranking"]["headers"]
    on_time = next(h for h in headers if h["label"] == "按时答复率")
    assert on_time["sorted"] == "desc"
    assert "sort=on_time" in on_time["href"]


def test_satisfaction_and_rectifications_show_on_the_page(login, supervisor, ratings):
    board = dashboard(login(supervisor))

    assert board["cards"]["satisfaction"]["text"] == "66.7%"
    assert board["cards"]["rated"]["text"] == "3"
    assert board["cards"]["rectifications_open"]["text"] == "1"
    assert board["cards"]["rectifications_overdue"]["text"] == "1"
    assert "progress=overdue" in board["cards"]["rectifications_overdue"]["href"]
    first = board["ranking"]["rows"][0]
    assert [first[5]["text"], first[6]["text"]] == ["50.0%", "3.00"]


def test_satisfaction_follows_the_range_and_links_to_the_ratings_counted(
    login, supervisor, ratings
):
    client = login(supervisor)
    board = dashboard(client, date_from="2026-11-01", date_to="2026-11-20")

    # November's ratings: a2 不满意 (11-13) and b2 满意 (11-06); a1's is October's.
    assert board["cards"]["satisfaction"]["text"] == "50.0%"
    assert board["cards"]["rated"]["text"] == "2"
    response = client.get(board["cards"]["satisfaction"]["href"])
    assert response.status_code == 200
    assert {e.case.number for e in response.context["cl"].result_list} == numbers(
        ratings, "a2", "b2"
    )
    first = board["ranking"]["rows"][0]
    assert [first[5]["text"], first[6]["text"]] == ["0.0%", "3.00"]
    impressions = client.get(first[6]["href"])
    assert impressions.status_code == 200
    assert sorted(i.score for i in impressions.context["cl"].result_list) == [2, 4]

    october = dashboard(client, date_from="2026-10-01", date_to="2026-10-31")
    assert october["cards"]["satisfaction"]["text"] == "100.0%"
    assert october["ranking"]["rows"][0][6]["text"] == "—"


def test_without_feedback_the_page_shows_dashes(login, supervisor, city, monkeypatch):
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "feedback" and real(name)
    )
    response = login(supervisor).get("/admin/")
    board = response.context["dashboard"]

    assert board["cards"]["satisfaction"]["text"] == "—"
    assert board["cards"]["rectifications_open"]["text"] == "—"
    assert "评价模块尚未启用" in response.content.decode()


def test_department_names_are_escaped_everywhere(login, supervisor, city):
    department = city["a1"].department
    department.name = '<script>alert("x")</script>局'
    department.save()

    content = login(supervisor).get("/admin/").content.decode()

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_costs_a_bounded_number_of_queries(
    count, login, supervisor, department_a, department_b, freeze
):
    for index in range(count):
        department = department_a if index % 2 else department_b
        make_case(department, "complaint", at(11, 1 + index % 19))
    freeze()
    client = login(supervisor)

    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/")

    # Session, user, 2 permission reads, the picker's departments, 16 for the
    # figures (docstring of dashboard_figures, 5 of them the 12345 office's, 4
    # the 知识库 panel's), 2 for the QR code choices, and 2 for the header's 待办
    # (portal/todo.py: cases, rectifications; then cached).
    assert len(queries) <= 30  # 25, and the 预约 panel's five


def test_figures_are_cached_for_a_minute(login, supervisor, city):
    client = login(supervisor)
    client.get("/admin/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/")

    assert not [q for q in queries if "cases_case" in q["sql"]]
