"""The 派单目录: where a case goes when the citizen does not know the department,
and the submission that names none (API and service)."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, CaseEvent, DispatchRule
from cases.routing import route_for
from departments import selectors as department_selectors
from departments.services import dispatch_center
from kernel import workdays
from tests.cases.helpers import SUBMIT_URL, payload, submit_case
from tests.factories import DepartmentFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db
Status = Case.Status
# A Wednesday, in office hours.
WEDNESDAY_10 = datetime.fromisoformat("2026-12-02T10:00:00+08:00")


def rule(department, **fields):
    fields.setdefault("name", f"派至{department.name}")
    return DispatchRule.objects.create(department=department, **fields)


def test_the_first_matching_rule_in_order_wins(department_a, department_b):
    rule(department_b, sort_order=20, keywords="噪音")
    first = rule(department_a, sort_order=10, keywords="施工")

    decision = route_for(title="夜间施工噪音", content="每晚十一点后仍在施工。")

    assert (decision.rule, decision.department) == (first, department_a)


@pytest.mark.parametrize(
    "keywords",
    ["井盖\n路灯", "井盖,路灯", "井盖，路灯", "井盖、路灯", " 井盖 ，\n\n路灯 "],
)
def test_keywords_split_on_newlines_and_every_comma(department_a, keywords):
    rule(department_a, keywords=keywords)

    decision = route_for(title="小区门口路灯不亮", content="已经坏了一个星期。")

    assert decision.department == department_a


def test_keywords_match_title_or_content_ignoring_case(department_a):
    rule(department_a, keywords="WiFi")

    assert route_for(title="图书馆网络", content="wifi 连不上").department == (
        department_a
    )
    assert route_for(title="图书馆网络", content="没有网").department is None


def test_a_service_type_rule_needs_that_service_type(department_a, department_b):
    service_type = ServiceTypeFactory(window__department=department_b)
    rule(department_b, service_type=service_type)

    assert (
        route_for(title="办证", content="咨询办证", service_type_id=service_type.pk)
    ).department == department_b
    assert route_for(title="办证", content="咨询办证").department is None


def test_a_rule_with_service_type_and_keywords_needs_both(department_a):
    service_type = ServiceTypeFactory(window__department=department_a)
    rule(department_a, service_type=service_type, keywords="补办")

    assert route_for(
        title="社保卡补办", content="丢了", service_type_id=service_type.pk
    ).department == (department_a)
    assert (
        route_for(title="社保卡", content="丢了", service_type_id=service_type.pk)
    ).department is None


def test_inactive_rules_empty_rules_and_inactive_departments_never_match(
    department_a,
):
    rule(department_a, keywords="路灯", active=False)
    rule(department_a, keywords="")
    rule(DepartmentFactory(is_active=False), keywords="路灯")

    decision = route_for(title="路灯不亮", content="小区门口路灯坏了。")

    assert (decision.rule, decision.department, decision.is_urgent) == (
        None,
        None,
        False,
    )


def test_routing_reads_the_catalogue_in_one_query(department_a, department_b):
    for index in range(5):
        rule(department_b, sort_order=index, keywords=f"词{index}")
    rule(department_a, sort_order=99, keywords="燃气", marks_urgent=True)

    with CaptureQueriesContext(connection) as queries:
        decision = route_for(title="闻到燃气味", content="楼道里有燃气味。")

    assert len(queries) == 1
    assert (decision.department, decision.is_urgent) == (department_a, True)
    assert decision.department.name == department_a.name  # no further query


def test_the_dispatch_centre_is_one_and_never_listed(department_a):
    center = dispatch_center()

    assert dispatch_center() == center
    assert (center.name, center.code) == ("12345市级分拨中心", "dispatch-center")
    assert center not in department_selectors.department_list()


def test_the_dispatch_centre_is_not_in_the_public_department_api(
    api_client, department_a
):
    dispatch_center()

    names = [
        row["name"] for row in api_client.get("/api/v1/departments/").json()["results"]
    ]

    assert department_a.name in names
    assert "12345市级分拨中心" not in names


def test_a_routed_case_lands_at_the_rules_department_to_sign_for(
    freeze_now, department_a
):
    now = freeze_now(WEDNESDAY_10)
    catalogue_rule = rule(department_a, name="路灯报修", keywords="路灯")

    case = submit_case(
        department_id=None, title="路灯不亮", content="小区门口路灯坏了一个星期。"
    ).case

    case.refresh_from_db()
    assert (case.department, case.status, case.routed_by) == (
        department_a,
        Status.SUBMITTED,
        catalogue_rule,
    )
    assert case.sign_due_at == workdays.add_working_hours(start=now, hours=4)
    assert case.signed_at is None
    submit, route = case.events.order_by("pk")
    assert (submit.action, route.action) == ("submit", "route")
    assert route.actor is None and route.is_public is False
    assert "路灯报修" in route.note and department_a.name in route.note


def test_no_match_waits_in_the_citys_queue(department_a):
    case = submit_case(
        department_id=None, title="其他问题", content="一些其他的问题。"
    ).case

    case.refresh_from_db()
    assert case.department == dispatch_center()
    assert case.status == Status.DISPATCHING
    assert case.sign_due_at is None
    route = case.events.latest("pk")
    assert (route.action, route.from_status, route.to_status) == (
        "route",
        Status.SUBMITTED,
        Status.DISPATCHING,
    )
    assert "市级分拨" in route.note


def test_an_urgent_rule_marks_the_case_urgent_with_a_same_day_limit(
    freeze_now, department_a
):
    now = freeze_now(WEDNESDAY_10)
    rule(department_a, keywords="燃气", marks_urgent=True)

    case = submit_case(
        department_id=None, title="燃气泄漏", content="楼道有燃气味。"
    ).case

    case.refresh_from_db()
    assert case.is_urgent is True
    assert case.due_at == workdays.add_working_hours(start=now, hours=7)
    assert "紧急" in case.events.latest("pk").note


def test_a_citizen_who_names_a_department_is_not_routed(department_a, department_b):
    rule(department_b, keywords="路灯")

    case = submit_case(
        department=department_a, title="路灯不亮", content="小区门口路灯坏了。"
    ).case

    case.refresh_from_db()
    assert (case.department, case.routed_by, case.sign_due_at) == (
        department_a,
        None,
        None,
    )
    assert not case.events.filter(action=CaseEvent.Action.ROUTE).exists()


@pytest.mark.parametrize("department", ["omitted", None, "unknown", ""])
def test_the_api_takes_a_case_without_a_department(
    api_client, department_a, department
):
    rule(department_a, keywords="社保卡")
    body = payload(department_a)
    if department == "omitted":
        body.pop("department")
    else:
        body["department"] = department

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.json()
    case = Case.objects.get(number=response.json()["number"])
    assert (case.department, case.status) == (department_a, Status.SUBMITTED)


def test_the_api_still_refuses_an_unknown_department_id(api_client, department_a):
    response = api_client.post(
        SUBMIT_URL, payload(department_a, department=999999), format="json"
    )

    assert response.status_code == 400
    assert "部门" in response.json()["department"][0]
    assert not Case.objects.exists()


@pytest.mark.parametrize("department", ["abc", -1, "centre"])
def test_the_api_refuses_a_department_that_is_no_id(
    api_client, department_a, department
):
    response = api_client.post(
        SUBMIT_URL, payload(department_a, department=department), format="json"
    )

    assert response.status_code == 400
    assert "department" in response.json()
    assert not Case.objects.exists()


def test_the_api_refuses_the_dispatch_centre_by_id(api_client, department_a):
    center = dispatch_center()

    response = api_client.post(
        SUBMIT_URL, payload(department_a, department=center.pk), format="json"
    )

    assert response.status_code == 400
    assert response.json()["department"] == ["所选部门不存在或已停用。"]
    assert not Case.objects.exists()
