"""The back office's part of 回访 and the ladder: the 回访 step on the case page,
the callback and escalation records under the case, and the 通报 list, scoped
like the cases."""

from datetime import datetime

import pytest
from django.urls import reverse

from cases import escalation, services
from cases.models import Case, CaseCallback, Escalation
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status
LIST_URL = "/admin/cases/escalation/"
OVERDUE = datetime(2026, 9, 30, 23, 59, 59, tzinfo=SHANGHAI)
LATER = datetime(2026, 10, 20, 10, 0, tzinfo=SHANGHAI)


def closed_case(department):
    case = submit_case(department=department).case
    for step, reply in (("accepted", ""), ("replied", "已为您办理。"), ("closed", "")):
        case = services.case_transition(case=case, to_status=step, reply=reply)
    return case


def overdue_case(department, title):
    case = submit_case(department=department, title=title).case
    Case.objects.filter(pk=case.pk).update(status=Status.ACCEPTED, due_at=OVERDUE)
    return case


def step_url(case, step):
    return reverse("admin:cases_case_step", args=[case.pk, step])


def test_a_dissatisfied_callback_on_the_case_page_reopens_the_case(
    login, officer_a, department_a
):
    case = closed_case(department_a)
    client = login(officer_a)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert "/step/callback/" in page.text and "/step/redo/" in page.text

    response = client.post(
        step_url(case, "callback"),
        {"callback-result": "dissatisfied", "callback-note": "仍未补办"},
    )

    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "已记录回访（不满意），诉求已转为重办。"
    ]
    case.refresh_from_db()
    assert (case.status, case.redo_count) == (Status.ACCEPTED, 1)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert "回访记录" in page.text and "第 1 次答复" in page.text


def test_a_callback_without_a_result_stays_on_the_form(login, officer_a, department_a):
    case = closed_case(department_a)

    response = login(officer_a).post(step_url(case, "callback"), {"callback-note": "x"})

    assert not CaseCallback.objects.exists()
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert response.status_code == 200
    assert [str(m) for m in response.wsgi_request._messages] == [
        "回访：回访结果 该字段是必填项。"
    ]


def test_officers_are_not_offered_urge_or_report(login, officer_a, department_a):
    case = overdue_case(department_a, "工资拖欠")

    response = login(officer_a).post(step_url(case, "report"), {"report-note": "通报"})

    assert response.status_code == 302
    assert not Escalation.objects.exists()


def test_the_report_list_shows_supervisors_every_case_and_departments_their_own(
    login, supervisor, officer_a, officer_b, department_a, department_b
):
    overdue_case(department_a, "甲局的超期件")
    overdue_case(department_b, "乙局的超期件")
    escalation.escalation_run(now=LATER)

    everything = login(supervisor).get(LIST_URL, {"rung__exact": "report"})
    own = login(officer_a).get(LIST_URL)
    other = login(officer_b).get(LIST_URL)

    assert everything.status_code == 200
    assert "甲局的超期件" in everything.text and "乙局的超期件" in everything.text
    assert "甲局的超期件" in own.text and "乙局的超期件" not in own.text
    assert "甲局的超期件" not in other.text
    row = Escalation.objects.filter(case__department=department_b).first()
    opened = login(officer_a).get(f"{LIST_URL}{row.pk}/change/")
    assert opened.status_code == 404


def test_the_report_list_costs_the_same_queries_for_more_rows(
    login, supervisor, department_a, django_assert_max_num_queries
):
    client = login(supervisor)
    overdue_case(department_a, "第一件")
    escalation.escalation_run(now=LATER)
    client.get(LIST_URL)  # warm the session and content types

    for index in range(5):
        overdue_case(department_a, f"又一件 {index}")
    escalation.escalation_run(now=LATER)
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    # Each overdue case's 督办 and 通报.
    assert response.text.count("又一件") == 10
