"""GET /api/v1/cases/public/: 公开信件, answered cases whose citizens agreed."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Case
from kernel.workdays import SHANGHAI
from tests.cases.helpers import PUBLIC_URL, submit_case
from tests.factories import DepartmentFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


def answered_case(
    *, replied_at=MONDAY, submitted_at=None, close=False, consent=True, **overrides
):
    """A case taken to 已答复 (or 已办结) with its reply at `replied_at`."""
    overrides.setdefault("title", "公开信件标题")
    submitted_at = submitted_at or replied_at - timedelta(hours=2)
    case = submit_case(publish_consent=consent, now=submitted_at, **overrides).case
    services.case_transition(
        case=case, to_status="accepted", now=submitted_at + timedelta(minutes=5)
    )
    case = services.case_transition(
        case=case, to_status="replied", reply="已答复。", now=replied_at
    )
    if close:
        case = services.case_transition(
            case=case, to_status="closed", now=replied_at + timedelta(hours=1)
        )
    return case


def numbers(response):
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["results"]]


def test_it_lists_only_answered_cases_with_publish_consent(api_client, department):
    replied = answered_case(department=department, title="已答复同意公开")
    closed = answered_case(department=department, title="已办结同意公开", close=True)
    answered_case(department=department, title="已答复未同意", consent=False)
    waiting = submit_case(department=department, publish_consent=True).case
    services.case_transition(case=waiting, to_status="accepted")
    submit_case(department=department, publish_consent=True)
    rejected = submit_case(department=department, publish_consent=True).case
    services.case_transition(case=rejected, to_status="rejected", reason="重复提交")

    response = api_client.get(PUBLIC_URL)

    assert sorted(numbers(response)) == sorted([replied.number, closed.number])
    assert response.json()["count"] == 2


def test_newest_reply_comes_first(api_client, department):
    # Submitted first, answered last: the order follows the replies.
    slow = answered_case(
        department=department,
        submitted_at=MONDAY - timedelta(days=1),
        replied_at=MONDAY + timedelta(days=3),
    )
    quick = answered_case(department=department, replied_at=MONDAY + timedelta(1))
    middle = answered_case(
        department=department, replied_at=MONDAY + timedelta(2), close=True
    )
    assert slow.submitted_at < quick.submitted_at < middle.submitted_at

    response = api_client.get(PUBLIC_URL)

    assert numbers(response) == [slow.number, middle.number, quick.number]


def test_it_filters_by_kind(api_client, department):
    complaint = answered_case(department=department, kind="complaint")
    answered_case(department=department, kind="consultation")
    answered_case(department=department, kind="suggestion")

    response = api_client.get(PUBLIC_URL, {"kind": "complaint"})

    assert numbers(response) == [complaint.number]
    assert response.json()["results"][0]["kind_label"] == "投诉举报"


def test_it_filters_by_department(api_client, department):
    other = DepartmentFactory(name="市生态环境局")
    mine = answered_case(department=department)
    answered_case(department=other)

    response = api_client.get(PUBLIC_URL, {"department": department.id})

    assert numbers(response) == [mine.number]
    assert response.json()["results"][0]["department"]["name"] == department.name


def test_kind_and_department_filters_combine(api_client, department):
    other = DepartmentFactory()
    wanted = answered_case(department=department, kind="suggestion")
    answered_case(department=department, kind="consultation")
    answered_case(department=other, kind="suggestion")

    response = api_client.get(
        PUBLIC_URL, {"kind": "suggestion", "department": department.id}
    )

    assert numbers(response) == [wanted.number]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"kind": "praise"}, "kind"), ({"department": "abc"}, "department")],
)
def test_a_bad_filter_is_refused_naming_it(api_client, department, params, field):
    answered_case(department=department)

    response = api_client.get(PUBLIC_URL, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_it_shows_no_personal_data(api_client, department):
    answered_case(
        department=department,
        kind="complaint",
        contact_name="赵敏敏",
        contact_phone="13912348765",
        complainee="某某烧烤店老板钱某",
        address="历下区泉城路 88 号 3 单元",
        latitude="36.661234",
        longitude="117.021234",
    )

    response = api_client.get(PUBLIC_URL)

    assert response.status_code == 200
    raw = response.content.decode()
    for private in [
        "赵敏敏",
        "13912348765",
        "8765",
        "钱某",
        "泉城路",
        "36.661234",
        "117.021234",
    ]:
        assert private not in raw
    [item] = response.json()["results"]
    for key in ["contact_name", "contact_phone", "address", "latitude", "longitude"]:
        assert key not in item
    assert "complainee" not in item
    assert "is_anonymous" not in item
    assert item["title"] == "公开信件标题"
    assert item["reply"] == "已答复。"


def test_it_takes_the_same_queries_for_5_or_30_cases(
    api_client, django_assert_max_num_queries
):
    service_types = [ServiceTypeFactory() for _ in range(3)]

    def answered(index, **extra):
        service_type = service_types[index % 3]
        return answered_case(
            department=service_type.window.department,
            service_type=service_type if index % 2 else None,
            **extra,
        )

    for index in range(5):
        answered(index)
    with CaptureQueriesContext(connection) as five:
        assert len(numbers(api_client.get(PUBLIC_URL, {"page_size": 50}))) == 5
    for index in range(25):
        answered(index, close=index % 3 == 0)

    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(numbers(api_client.get(PUBLIC_URL, {"page_size": 50}))) == 30


def test_it_is_paginated(api_client, department):
    for day in range(3):
        answered_case(department=department, replied_at=MONDAY + timedelta(day))

    page = api_client.get(PUBLIC_URL, {"page_size": 2}).json()

    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"] is not None
    assert Case.objects.count() == 3
