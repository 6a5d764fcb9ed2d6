"""月度考核通报 at /admin/dashboard/monthly/: the figures of `office_city` for
November 2026, ranked; the printable page, the XLSX, who may see it, bad months."""

import io
from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.dashboard.monthly import monthly_report
from tests.dashboard.office_city import NOW, build_office_city
from tests.factories import DepartmentFactory

URL = "/admin/dashboard/monthly/"


@pytest.fixture
def city(department_a, department_b, freeze):
    cases = build_office_city(department_a, department_b)
    freeze(NOW)
    return cases


def test_it_counts_each_department_and_ranks_them(city, department_a, department_b):
    report = monthly_report(department_ids=None, month=date(2026, 11, 1), now=NOW)

    first, second = report.rows
    assert (first.rank, first.name, second.rank, second.name) == (
        1,
        department_a.name,
        2,
        department_b.name,
    )
    assert first.received == 6
    assert first.on_time_rate == 0.6  # 3 ÷ (4 answered + 1 unanswered past due)
    assert first.rates.sign_on_time == 0.3333
    assert first.rates.returns == 0.3333
    assert first.rates.redo == 0.25
    assert first.rates.callback == 0.75
    assert first.rates.callback_satisfaction == 0.6667
    assert first.rates.handling_average == 1.5
    counts = first.counts
    assert (counts.urges, counts.supervisions, counts.reports) == (2, 1, 1)
    assert second.on_time_rate is None  # c7 is not due yet
    assert (second.counts.co_invited, second.counts.co_on_time) == (3, 1)
    assert second.rates.co_on_time == 0.5
    assert report.total.received == 7


def test_departments_that_tie_share_a_rank(db):
    DepartmentFactory(name="甲局")
    DepartmentFactory(name="乙局")

    report = monthly_report(department_ids=None, month=date(2026, 11, 1), now=NOW)

    assert {row.rank for row in report.rows} == {1}


@pytest.mark.parametrize("extra_departments", [0, 5])
def test_it_takes_eight_queries_whatever_the_departments_and_cases(
    extra_departments, city, django_assert_num_queries
):
    for _index in range(extra_departments):
        build_office_city(DepartmentFactory(), DepartmentFactory())

    # Departments, the cases' rate counts, four office counts, escalations,
    # answer days, pauses.
    with django_assert_num_queries(8):
        monthly_report(department_ids=None, month=date(2026, 11, 1), now=NOW)


def test_the_printable_page_shows_the_table_for_a_supervisor(
    login, supervisor, city, department_a, department_b
):
    page = login(supervisor).get(URL, {"month": "2026-11"})
    text = page.content.decode()

    assert page.status_code == 200
    assert "2026年11月月度考核通报" in text
    assert department_a.name in text and department_b.name in text
    for value in ["60.0%", "33.3%", "66.7%", "1.5", "50.0%"]:
        assert value in text
    assert "dashboard/monthly.css" in text
    assert (
        "@media print"
        in (settings.BASE_DIR / "static/dashboard/monthly.css").read_text()
    )
    # Nothing from elsewhere: no CDN, no inline handler the CSP would block.
    assert "https://" not in text.split("</head>")[0]
    assert "onclick" not in text


def test_a_head_sees_only_their_department(
    login, head_a, city, department_a, department_b
):
    page = login(head_a).get(URL, {"month": "2026-11"})

    assert page.status_code == 200
    assert [row.name for row in page.context["report"].rows] == [department_a.name]
    assert department_b.name not in page.content.decode()
    assert page.context["report"].total.received == 6


def test_an_officer_is_refused(login, officer_a, city):
    officer_a.is_staff = True
    officer_a.save()

    assert login(officer_a).get(URL, {"month": "2026-11"}).status_code == 403


def test_someone_not_on_the_staff_goes_to_the_login(client, city):
    response = client.get(URL, {"month": "2026-11"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "月份格式应为 YYYY-MM"),
        ("november", "月份格式应为 YYYY-MM"),
        ("2019-12", "月份不能早于 2020 年"),
        ("2026-12", "月份不能晚于本月"),
    ],
)
def test_a_bad_month_is_a_400_naming_month(login, supervisor, city, month, message):
    page = login(supervisor).get(URL, {"month": month})
    text = page.content.decode()

    assert page.status_code == 400
    assert "month" in text and message in text
    xlsx = login(supervisor).get(URL, {"month": month, "format": "xlsx"})
    assert xlsx.status_code == 400
    assert "month" in xlsx.content.decode()


def test_without_a_month_it_shows_last_month(login, supervisor, city):
    page = login(supervisor).get(URL)

    assert page.context["report"].month == date(2026, 10, 1)


def test_the_xlsx_opens_and_has_the_numbers(login, supervisor, city, department_a):
    response = login(supervisor).get(URL, {"month": "2026-11", "format": "xlsx"})

    assert response.status_code == 200
    assert "monthly-report-2026-11.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2026年11月月度考核通报"
    header = list(rows[2])
    line = dict(zip(header, rows[3], strict=True))
    assert line["部门"] == department_a.name
    assert line["排名"] == 1
    assert line["受理量"] == 6
    assert line["按时答复率"] == 0.6
    assert line["签收及时率"] == 0.3333
    assert line["回访满意率"] == 0.6667
    assert line["平均办理用时（工作日）"] == 1.5
    assert (line["催办"], line["督办"], line["通报"]) == (2, 1, 1)
    total = dict(zip(header, rows[-1], strict=True))
    assert total["部门"] == "合计" and total["受理量"] == 7


def test_a_name_like_a_formula_stays_text_in_the_xlsx(login, supervisor, city):
    DepartmentFactory(name='=HYPERLINK("http://evil.example","点击")')

    response = login(supervisor).get(URL, {"month": "2026-11", "format": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [cell for cell in sheet["B"] if str(cell.value).startswith("=")]
    assert names and all(cell.data_type == "s" for cell in names)


def test_the_page_costs_a_bounded_number_of_queries(login, supervisor, city):
    client = login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"month": "2026-11"})

    # Session, user, permission reads, and the eight of the report.
    assert len(queries) <= 15


def test_the_dashboard_links_to_it_for_those_who_may_read_it(
    login, supervisor, head_a, officer_a, city
):
    officer_a.is_staff = True
    officer_a.save()

    for user, shown in [(supervisor, True), (head_a, True), (officer_a, False)]:
        page = login(user).get("/admin/")
        assert (page.context["dashboard"]["monthly_url"] == URL) is shown
