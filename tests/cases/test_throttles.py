"""Rate limits on the citizens' case endpoints: 429 with Retry-After, in Chinese."""

import pytest

from cases.models import Case
from kernel import throttles
from tests.cases.helpers import (
    LOOKUP_URL,
    SUBMIT_URL,
    is_chinese,
    payload,
    submit_case,
)

pytestmark = pytest.mark.django_db


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


# 26 November 2026, 10:10 in Shanghai (02:10 UTC): ten minutes into an hour.
TEN_PAST = 1795659000.0


@pytest.fixture
def clock(monkeypatch):
    """Set the throttles' clock (seconds since the epoch)."""

    def set_clock(moment: float) -> None:
        monkeypatch.setattr(throttles, "now", lambda: moment)

    return set_clock


def test_too_many_submissions_from_one_ip_get_429(api_client, department, rates, clock):
    rates(case_submit="3/hour")
    clock(TEN_PAST)
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
    # The hour's window ends at 11:00: fifty minutes to wait.
    assert response["Retry-After"] == "3000"
    assert Case.objects.count() == 3


def test_the_limit_starts_afresh_with_the_next_window(
    api_client, department, rates, clock
):
    rates(case_submit="1/hour")
    clock(TEN_PAST)
    body = payload(department)
    api_client.post(SUBMIT_URL, body, format="json", REMOTE_ADDR="10.0.0.7")
    refused = api_client.post(SUBMIT_URL, body, format="json", REMOTE_ADDR="10.0.0.7")
    assert refused.status_code == 429

    clock(TEN_PAST + 3000)
    response = api_client.post(SUBMIT_URL, body, format="json", REMOTE_ADDR="10.0.0.7")

    assert response.status_code == 201


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


def test_wrong_codes_from_other_ips_do_not_lock_the_number(
    api_client, department, rates
):
    # Numbers are sequential: wrong codes from anyone else must not lock the
    # citizen out (tests/cases/test_code_lockout.py has the attack in full).
    rates(case_code_failure="5/hour")
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for index in range(5):
        response = lookup(api_client, number, wrong_code(code), ip=f"10.0.1.{index}")
        assert response.status_code == 404

    assert lookup(api_client, number, code, ip="10.0.9.9").status_code == 200


def test_an_ipv6_client_counts_as_its_whole_64_block(api_client, department, rates):
    rates(case_code_failure="3/hour")
    submitted = submit_case(department=department)
    number, code = submitted.case.number, submitted.query_code
    for host in range(1, 4):
        lookup(api_client, number, wrong_code(code), ip=f"2001:db8:1:2::{host}")

    assert_throttled(lookup(api_client, number, code, ip="2001:db8:1:2::99"))
    assert lookup(api_client, number, code, ip="2001:db8:1:3::1").status_code == 200


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


def test_each_scope_has_one_throttle_counted_apart_at_the_rate_in_settings(rates):
    from django.test import RequestFactory

    rates(case_lookup="1/hour", case_submit="1/hour")
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    lookup, submit = (
        throttles.per_address("case_lookup"),
        throttles.per_address("case_submit"),
    )

    assert lookup is throttles.per_address("case_lookup")
    assert lookup().allow_request(request, None)
    # Another scope keeps its own count for the same address.
    assert submit().allow_request(request, None)
    assert not lookup().allow_request(request, None)
