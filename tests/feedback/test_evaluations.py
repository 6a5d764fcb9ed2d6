"""好差评: POST /api/v1/cases/evaluation/, the rating in the look-up and the ledger."""

from datetime import datetime

import pytest

from cases import ledger
from cases.models import Case
from feedback import services
from feedback.models import CaseEvaluation, Rectification
from kernel.workdays import SHANGHAI
from tests.cases.helpers import LOOKUP_URL, is_chinese
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/evaluation/"


def rate(api_client, case, code, level=5, ip="10.0.0.1", **extra):
    body = {"number": case.number, "query_code": code, "level": level, **extra}
    return api_client.post(URL, body, format="json", REMOTE_ADDR=ip)


def wrong_code(code):
    return code[:-1] + ("A" if code[-1] != "A" else "B")


@pytest.mark.parametrize("status", ["replied", "closed"])
def test_a_citizen_rates_an_answered_case(api_client, department_a, status):
    case, code = answered_case(department_a, status=status)

    response = rate(api_client, case, code.lower(), level=4, comment="答复清楚。")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["level"], body["label"]) == (case.number, 4, "满意")
    assert body["comment"] == "答复清楚。"
    evaluation = CaseEvaluation.objects.get()
    assert (evaluation.case, evaluation.department) == (case, department_a)
    assert not Rectification.objects.exists()


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_rating_before_the_case_is_answered_is_refused(
    api_client, department_a, status
):
    case, code = answered_case(department_a, status=status)

    response = rate(api_client, case, code)

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["诉求答复后才能评价，请耐心等待办理结果。"]
    }
    assert not CaseEvaluation.objects.exists()


def test_rating_twice_is_refused(api_client, department_a):
    case, code = answered_case(department_a)
    assert rate(api_client, case, code, level=5).status_code == 201

    again = rate(api_client, case, code, level=1)

    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["您已评价过这次答复，每次答复只能评价一次。"]
    }
    assert CaseEvaluation.objects.get().level == 5


@pytest.mark.parametrize("level", [0, 6, "满意", None])
def test_a_level_outside_the_five_is_refused(api_client, department_a, level):
    case, code = answered_case(department_a)

    response = rate(api_client, case, code, level=level)

    assert response.status_code == 400
    assert is_chinese(response.json()["level"][0])


def test_a_wrong_code_is_the_same_404_as_the_look_up_and_counts_as_a_failure(
    api_client, department_a, rates
):
    rates(case_code_failure="2/hour")
    case, code = answered_case(department_a)

    first = rate(api_client, case, wrong_code(code))
    unknown = rate(api_client, case, code, number="ZX-20000101-0001")

    assert first.status_code == unknown.status_code == 404
    assert first.json() == {"detail": "登记编号或查询码不正确。"}
    lookup = api_client.post(
        LOOKUP_URL,
        {"number": case.number, "query_code": wrong_code(code)},
        format="json",
        REMOTE_ADDR="10.0.0.1",
    )
    assert lookup.json() == first.json()
    # Two failures on this number from this address (one here, one at the look-up):
    # locked for this address, at both.
    locked = rate(api_client, case, code)
    assert locked.status_code == 429
    assert not CaseEvaluation.objects.exists()


def test_ratings_are_throttled_per_ip(api_client, department_a, rates):
    rates(evaluation="1/hour")
    case, code = answered_case(department_a)
    rate(api_client, case, wrong_code(code), ip="10.0.0.3")

    assert rate(api_client, case, code, ip="10.0.0.3").status_code == 429
    assert rate(api_client, case, code, ip="10.0.0.4").status_code == 201


def test_the_look_up_shows_the_rating_afterwards(api_client, department_a):
    case, code = answered_case(department_a)
    lookup = {"number": case.number, "query_code": code}
    assert (
        api_client.post(LOOKUP_URL, lookup, format="json").json()["evaluation"] is None
    )

    services.evaluation_submit(
        case=case,
        level=2,
        comment="没解决",
        now=datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI),
    )

    body = api_client.post(LOOKUP_URL, lookup, format="json").json()
    assert body["evaluation"] == {
        "reply_round": 1,
        "level": 2,
        "label": "不满意",
        "comment": "没解决",
        "created_at": "2026-11-23T09:00:00+08:00",
    }


def test_the_ledger_fills_the_satisfaction_column(department_a, officer_a, supervisor):
    rated, _ = answered_case(department_a, kind="complaint")
    voided, _ = answered_case(department_a, kind="complaint")
    answered_case(department_a, kind="complaint")  # unrated
    services.evaluation_submit(case=rated, level=5)
    evaluation = services.evaluation_submit(case=voided, level=1)
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluation, reason="恶意评价"
    )
    services.appeal_decide(actor=supervisor, appeal=appeal, void=True)

    rows = ledger.ledger_rows(
        Case.objects.order_by("pk"), kind="complaint", contact_departments=None
    )

    column = ledger.headers("complaint").index("满意度")
    assert [row[column] for row in rows] == ["非常满意", "非常不满意（申诉作废）", ""]


def test_a_second_rating_that_races_past_the_check_hits_the_unique_constraint(
    department_a,
):
    from unittest import mock

    from django.core.exceptions import ValidationError
    from django.db.models import QuerySet

    case, _ = answered_case(department_a)
    services.evaluation_submit(case=case, level=5)

    with (
        mock.patch.object(QuerySet, "exists", return_value=False),
        pytest.raises(ValidationError) as error,
    ):
        services.evaluation_submit(case=case, level=1)

    assert error.value.messages == ["您已评价过这次答复，每次答复只能评价一次。"]
    assert not Rectification.objects.exists()
    assert CaseEvaluation.objects.get().level == 5
