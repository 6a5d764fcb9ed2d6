"""Rate limits on the citizens' case endpoints: 429 with Retry-After, in Chinese."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from cases.models import Case
from tests.cases.helpers import (
    LOOKUP_URL,
    SUBMIT_URL,
    is_chinese,
    payload,
    submit_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    """Set throttle rates; DRF reads them from a class attribute fixed at import."""

    def set_rates(**overrides):
        monkeypatch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {**SimpleRateThrottle.THROTTLE_RATES, **overrides},
        )

    return set_rates


def lookup(api_client, number, code, ip="10.0.0.1"):
    return api_client.post(
        LOOKUP_URL,
        {"number": number, "query_code": code},
        format="json",
        REMOTE_ADDR=ip,
    )


def wrong_code(code):
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def assert_throttled(response):
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) > 0
    assert is_chinese(response.json()["detail"])


def test_too_many_submissions_from_one_ip_get_429(api_client, department, rates):
    rates(case_submit="3/hour")
    for _ in range(3):
        ok = api_client.post(
            SUBMIT_URL, payload(department), format="json", REMOTE_ADDR="10.0.0.7"
        )
        assert ok.status_code == 201

    response = api_client.post(
        SUBMIT_URL, payload(department), format="json", REMOTE_ADDR="10.0.0.7"
    )

    assert_throttled(response)
    assert response.json()["detail"].startswith("请求已被限流。")
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert Case.objects.count() == 3


def test_the_submission_limit_is_per_ip(api_client, department, rates):
    rates(case_submit="1/hour")
    api_client.post(
        SUBMIT_URL, payload(department), format="json", REMOTE_ADDR="10.0.0.7"
    )

    response = api_client.post(
        SUBMIT_URL, payload(department), format="json", REMOTE_ADDR="10.0.0.8"
    )

    assert response.status_code == 201


def test_too_many_lookups_from_one_ip_get_429(api_client, department, rates):
    rates(case_lookup="2/minute")
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    assert lookup(api_client, number, code).status_code == 200
    assert lookup(api_client, number, code).status_code == 200

    response = lookup(api_client, number, code)

    assert_throttled(response)
    assert int(response["Retry-After"]) <= 60
    assert lookup(api_client, number, code, ip="10.0.0.2").status_code == 200


def test_after_five_wrong_codes_even_the_right_code_is_refused(
    api_client, department, rates
):
    rates(case_code_failure="5/hour")
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for _ in range(5):
        assert lookup(api_client, number, wrong_code(code)).status_code == 404

    response = lookup(api_client, number, code)

    assert_throttled(response)
    assert response.json()["detail"].startswith("该编号查询码错误次数过多")
    assert "title" not in response.json()


def test_four_wrong_codes_do_not_lock_the_number(api_client, department, rates):
    rates(case_code_failure="5/hour")
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for _ in range(4):
        lookup(api_client, number, wrong_code(code))

    assert lookup(api_client, number, code).status_code == 200


def test_a_locked_number_does_not_lock_another(api_client, department, rates):
    rates(case_code_failure="5/hour")
    locked = submit_case(department=department)
    other = submit_case(department=department)
    for _ in range(5):
        lookup(api_client, locked.case.number, wrong_code(locked.query_code))

    response = lookup(api_client, other.case.number, other.query_code)

    assert response.status_code == 200
    assert response.json()["number"] == other.case.number


def test_wrong_codes_from_different_ips_count_together(api_client, department, rates):
    rates(case_code_failure="5/hour")
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for index in range(5):
        response = lookup(api_client, number, wrong_code(code), ip=f"10.0.1.{index}")
        assert response.status_code == 404

    response = lookup(api_client, number, code, ip="10.0.9.9")

    assert_throttled(response)


def test_the_number_is_matched_whatever_its_case_or_spaces(
    api_client, department, rates
):
    rates(case_code_failure="3/hour")
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for typed in [number, number.lower(), f" {number} "]:
        lookup(api_client, typed, wrong_code(code))

    assert_throttled(lookup(api_client, number, code))


def test_wrong_codes_for_an_unknown_number_are_limited_too(api_client, rates):
    rates(case_code_failure="2/hour")
    for _ in range(2):
        assert lookup(api_client, "ZX-20261123-0999", "ABCDEFGH").status_code == 404

    assert_throttled(lookup(api_client, "ZX-20261123-0999", "ABCDEFGH"))
