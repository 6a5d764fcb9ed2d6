"""The rates (portal/dashboard/rates.py) on a small city worked out by hand, and the
same figure on every surface: the dashboard's card, its ranking, its chart and
数据公开 (`GET /api/v1/stats/`)."""

import pytest

from cases import services
from cases.models import Case
from cases.statistics import RateCounts
from portal.dashboard import rates
from tests.dashboard.conftest import at, make_case

pytestmark = pytest.mark.django_db

R, C, A = Case.Status.REPLIED, Case.Status.CLOSED, Case.Status.ACCEPTED


@pytest.fixture
def late_city(department_a, department_b, freeze):
    """Consultations (due the 3rd working day after submission) and complaints
    (the 5th), seen on Friday 2026-11-20 10:00:

    A x1 11-02, due 11-05, replied 11-04, closed 11-06   answered on time, closed
      x2 11-09, due 11-12, replied 11-10                 answered on time
      x3 11-09, due 11-12, replied 11-16                 answered late
      x4 11-10, due 11-13, 待受理                         unanswered past due
      x5 11-11, due 11-16, 已受理                         unanswered past due
      x6 11-19, due 11-24, 已受理                         open, not yet due
      x7 11-10, due 11-13, 已退回待分派                    neither (re-dispatch
                                                          gives a new due date)
    B y1 complaint 11-02, due 11-09, replied 11-06      answered on time
      y2 complaint 11-09, due 11-16, 待受理               unanswered past due

    按时答复率 = on time ÷ (answered + unanswered past due):
      A 2 ÷ (3 + 2) = 40.0%   B 1 ÷ (1 + 1) = 50.0%   city 3 ÷ (4 + 3) = 42.9%
    (leaving the late unanswered ones out, as before, gave 66.7%, 100%, 75.0%).
    办结率 = 已办结 ÷ received: A 1 ÷ 7 = 14.3%, B 0 ÷ 2 = 0.0%, city 1 ÷ 9 = 11.1%.
    """
    K = Case.Kind
    a, b = department_a, department_b
    cases = {
        "x1": make_case(a, K.CONSULTATION, at(11, 2), (A, at(11, 2, 10)),
                        (R, at(11, 4)), (C, at(11, 6))),
        "x2": make_case(a, K.CONSULTATION, at(11, 9), (A, at(11, 9, 10)),
                        (R, at(11, 10))),
        "x3": make_case(a, K.CONSULTATION, at(11, 9), (A, at(11, 9, 10)),
                        (R, at(11, 16))),
        "x4": make_case(a, K.CONSULTATION, at(11, 10)),
        "x5": make_case(a, K.CONSULTATION, at(11, 11), (A, at(11, 11, 10))),
        "x6": make_case(a, K.CONSULTATION, at(11, 19), (A, at(11, 19, 10))),
        "x7": make_case(a, K.CONSULTATION, at(11, 10)),
        "y1": make_case(b, K.COMPLAINT, at(11, 2), (A, at(11, 2, 10)),
                        (R, at(11, 6))),
        "y2": make_case(b, K.COMPLAINT, at(11, 9)),
    }  # fmt: skip
    services.case_send_back(
        case=cases["x7"], actor=None, reason="不属于本部门职责。", basis="职责清单第3条"
    )
    freeze()
    return cases


def test_the_due_dates_are_those_the_docstring_works_with(late_city):
    due = {name: f"{case.due_at:%m-%d}" for name, case in late_city.items()}

    assert due == {
        "x1": "11-05",
        "x2": "11-12",
        "x3": "11-12",
        "x4": "11-13",
        "x5": "11-16",
        "x6": "11-24",
        "x7": "11-13",
        "y1": "11-09",
        "y2": "11-16",
    }


def test_an_unanswered_case_past_due_counts_as_late_on_the_dashboard(
    login, supervisor, late_city
):
    board = login(supervisor).get("/admin/").context["dashboard"]
    cards = board["cards"]

    assert cards["on_time"]["text"] == "42.9%"
    assert [cards[k]["text"] for k in ("on_time_count", "answered", "late_open")] == [
        "3",
        "4",
        "3",
    ]
    assert cards["on_time_base"]["text"] == "7"
    assert cards["closure_rate"]["text"] == "11.1%"
    ranking = {row[0]["text"]: row[3]["text"] for row in board["ranking"]["rows"]}
    assert ranking == {"劳动和社会保障局": "40.0%", "环境保护局": "50.0%"}
    charts = {chart["id"]: chart for chart in board["charts"]}
    on_time = charts["chart-on-time"]["table"]["rows"]
    assert {row[0]["text"]: row[1]["text"] for row in on_time} == ranking


def test_the_page_says_what_the_rate_is_made_of(login, supervisor, late_city):
    content = login(supervisor).get("/admin/").content.decode()

    assert "应答复 7" in content
    assert "超期未答复" in content
    assert "办结率" in content


def test_the_late_unanswered_link_lists_exactly_those_cases(
    login, supervisor, late_city
):
    client = login(supervisor)
    cards = client.get("/admin/").context["dashboard"]["cards"]

    listed = client.get(cards["late_open"]["href"]).context["cl"].result_list
    assert {case.number for case in listed} == {
        late_city[name].number for name in ("x4", "x5", "y2")
    }


def test_public_statistics_use_the_same_rates(api_client, late_city):
    body = api_client.get("/api/v1/stats/").json()

    city = body["city"]
    assert (city["received"], city["answered"], city["overdue_unanswered"]) == (
        9,
        4,
        3,
    )
    assert (city["on_time_rate"], city["closure_rate"]) == (0.4286, 0.1111)
    by_name = {
        d["name"]: (d["overdue_unanswered"], d["on_time_rate"], d["closure_rate"])
        for d in body["departments"]
    }
    assert by_name == {
        "劳动和社会保障局": (2, 0.4, 0.1429),
        "环境保护局": (1, 0.5, 0.0),
    }


def test_a_head_sees_the_rate_of_their_department(login, head_a, late_city):
    cards = login(head_a).get("/admin/").context["dashboard"]["cards"]

    assert cards["on_time"]["text"] == "40.0%"
    assert cards["closure_rate"]["text"] == "14.3%"


@pytest.mark.parametrize(
    ("counts", "on_time", "closure"),
    [
        # Nothing answered and nothing late yet: no rate, not 0% or 100%.
        ({"received": 2, "answered": 0, "on_time": 0, "late_open": 0}, None, 0.0),
        # Only late unanswered cases: 0%, not "no rate".
        ({"received": 2, "answered": 0, "on_time": 0, "late_open": 2}, 0.0, 0.0),
        ({"received": 0, "answered": 0, "on_time": 0, "late_open": 0}, None, None),
    ],
)
def test_rates_without_a_base_are_none(counts, on_time, closure):
    counts = RateCounts(**counts, closed=0)

    assert rates.on_time_rate(counts) == on_time
    assert rates.closure_rate(counts) == closure
