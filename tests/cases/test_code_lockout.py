"""Wrong query codes lock out the address that makes them, not the citizen.

Case numbers are sequential (TS-20261122-0001, -0002, ...), so anyone can guess
one. If five wrong codes from anywhere locked the number, anyone could keep a
citizen from their case, and from rating its answer, for an hour at a time.
"""

import pytest

from cases.models import Case
from feedback.models import CaseEvaluation
from tests.cases.helpers import LOOKUP_URL, is_chinese, submit_case
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
CITIZEN = "198.51.100.7"
EVALUATION_URL = "/api/v1/cases/evaluation/"


@pytest.fixture(autouse=True)
def _limits(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {
            **SimpleRateThrottle.THROTTLE_RATES,
            "case_lookup": "1000/hour",
            "evaluation": "1000/hour",
            "case_code_failure": "5/hour",
            "case_code_failure_address": "20/hour",
        },
    )


def lookup(api_client, number, code, ip):
    return api_client.post(
        LOOKUP_URL,
        {"number": number, "query_code": code},
        format="json",
        REMOTE_ADDR=ip,
    )


def assert_refused(response):
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) > 0
    assert is_chinese(response.json()["detail"])
    assert "title" not in response.json()


def test_an_attacker_cannot_lock_a_citizen_out_of_their_case(api_client, department):
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for _ in range(8):
        lookup(api_client, number, "AAAAAAAA", ATTACKER)

    citizen = lookup(api_client, number, code, CITIZEN)
    attacker = lookup(api_client, number, code, ATTACKER)

    assert citizen.status_code == 200, citizen.content
    assert citizen.json()["number"] == number
    assert_refused(attacker)
    assert attacker.json()["detail"].startswith(
        "该编号查询码错误次数过多，请稍后再试。"
    )


def test_an_attacker_cannot_keep_a_citizen_from_rating_the_answer(
    api_client, department
):
    case, code = answered_case(department)
    for _ in range(8):
        lookup(api_client, case.number, "AAAAAAAA", ATTACKER)

    rating = api_client.post(
        EVALUATION_URL,
        {"number": case.number, "query_code": code, "level": 5},
        format="json",
        REMOTE_ADDR=CITIZEN,
    )

    assert rating.status_code == 201, rating.content
    assert CaseEvaluation.objects.get().case == case


def test_wrong_codes_spread_over_many_numbers_lock_the_address(api_client, department):
    # Four guesses on each of five numbers: under the per-number limit every time,
    # but twenty wrong codes from one address in all.
    numbers = [submit_case(department=department).case.number for _ in range(6)]
    for number in numbers[:5]:
        for _ in range(4):
            assert lookup(api_client, number, "AAAAAAAA", ATTACKER).status_code == 404

    target = Case.objects.get(number=numbers[5])
    response = lookup(api_client, target.number, "AAAAAAAA", ATTACKER)

    assert_refused(response)
    assert response.json()["detail"].startswith("您的查询码错误次数过多，请稍后再试。")


def test_the_right_code_does_not_use_up_the_allowance(api_client, department):
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for _ in range(30):
        assert lookup(api_client, number, code, CITIZEN).status_code == 200

    for _ in range(5):
        assert lookup(api_client, number, "AAAAAAAA", CITIZEN).status_code == 404
    assert_refused(lookup(api_client, number, code, CITIZEN))
