"""POST /api/v1/me/code/ and /api/v1/me/login/: a 6-digit code by SMS, hashed,
5 minutes, 5 tries, throttled per phone and per address, the same answer for
every phone; then a session."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session

from citizens.models import LoginCode
from notifications.backends import locmem
from notifications.models import Message
from tests.cases.helpers import submit_case
from tests.citizens.conftest import CODE_URL, LOGIN_URL, OTHER_PHONE, PHONE

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def ask(client, phone=PHONE, ip="10.0.0.1"):
    return client.post(CODE_URL, {"phone": phone}, format="json", REMOTE_ADDR=ip)


def login(client, code, phone=PHONE, ip="10.0.0.1"):
    return client.post(
        LOGIN_URL, {"phone": phone, "code": code}, format="json", REMOTE_ADDR=ip
    )


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_code_is_sent_by_sms_and_signs_the_phone_in(api_client, sms):
    response = ask(api_client)

    assert response.status_code == 202
    assert response.json()["resend_after"] == 60
    code = sms()
    assert len(code) == 6 and code.isdigit()
    signed_in = login(api_client, code)
    assert signed_in.status_code == 200
    assert signed_in.json() == {"signed_in": True, "phone": "138****5678"}
    assert api_client.get("/api/v1/me/").json()["signed_in"] is True


def test_the_phone_may_be_typed_with_spaces_and_plus_86(api_client, sms):
    assert ask(api_client, phone="+86 138 1234 5678").status_code == 202
    assert login(api_client, sms(), phone="138 1234 5678").status_code == 200


def test_an_unknown_phone_gets_the_same_answer_and_an_sms_too(api_client, sms):
    submit_case(contact_phone=PHONE)

    with_cases = ask(api_client, phone=PHONE)
    without = ask(api_client, phone=OTHER_PHONE)

    assert with_cases.status_code == without.status_code == 202
    assert with_cases.json() == without.json()
    # The same work for both: a code row and a message each.
    assert LoginCode.objects.count() == 2
    assert sorted(m.recipient for m in locmem.outbox) == sorted([PHONE, OTHER_PHONE])


@pytest.mark.parametrize("phone", ["12345", "0531-86001234", "abcdefghijk", ""])
def test_an_invalid_or_landline_phone_is_refused_in_chinese(api_client, sms, phone):
    response = ask(api_client, phone=phone)

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert (
        "手机号" in response.json()["phone"][0] or "空" in response.json()["phone"][0]
    )
    assert locmem.outbox == []


def test_a_wrong_code_is_refused_and_signs_nobody_in(api_client, sms):
    ask(api_client)

    response = login(api_client, wrong(sms()))

    assert response.status_code == 400
    assert response.json() == {"code": ["验证码错误或已过期。"]}
    assert api_client.get("/api/v1/me/cases/").status_code == 403


def test_a_code_expires_after_five_minutes(api_client, sms, freeze_now):
    freeze_now(T0)
    ask(api_client)
    code = sms()

    freeze_now(T0 + timedelta(minutes=5, seconds=1))
    assert login(api_client, code).status_code == 400
    freeze_now(T0 + timedelta(minutes=4, seconds=59))
    assert login(api_client, code).status_code == 200


def test_a_code_is_refused_after_five_wrong_tries_even_the_right_one(api_client, sms):
    ask(api_client)
    code = sms()

    for _ in range(5):
        assert login(api_client, wrong(code)).status_code == 400
    assert login(api_client, code).status_code == 400
    assert LoginCode.objects.get().failed_attempts == 5


def test_four_wrong_tries_still_leave_the_right_code_working(api_client, sms):
    ask(api_client)
    code = sms()

    for _ in range(4):
        login(api_client, wrong(code))
    assert login(api_client, code).status_code == 200


def test_a_code_works_once(api_client, sms, client):
    ask(api_client)
    code = sms()
    assert login(api_client, code).status_code == 200

    from rest_framework.test import APIClient

    assert login(APIClient(), code).status_code == 400


def test_a_new_code_replaces_the_earlier_one(api_client, sms):
    ask(api_client)
    first = sms()
    ask(api_client)
    second = sms()

    if first != second:
        assert login(api_client, first).status_code == 400
    assert login(api_client, second).status_code == 200


def test_codes_are_limited_per_phone_whatever_the_address(api_client, sms, rates):
    rates(citizen_code_phone="3/hour", citizen_code="100/hour")

    answers = [ask(api_client, ip=f"10.0.0.{n}").status_code for n in range(1, 5)]

    assert answers == [202, 202, 202, 429]
    assert "该手机号" in ask(api_client, ip="10.0.9.9").json()["detail"]
    # Another phone is not held up.
    assert ask(api_client, phone=OTHER_PHONE, ip="10.0.9.9").status_code == 202
    assert len(locmem.outbox) == 4


def test_codes_are_limited_per_address_whatever_the_phone(api_client, sms, rates):
    rates(citizen_code="2/hour", citizen_code_phone="100/hour")

    answers = [ask(api_client, phone=f"1390000000{n}").status_code for n in range(3)]

    assert answers == [202, 202, 429]
    assert ask(api_client, phone="13900000009", ip="10.0.0.2").status_code == 202


def test_logins_are_limited_per_address(api_client, sms, rates):
    rates(citizen_login="2/hour")
    ask(api_client)
    code = sms()

    login(api_client, wrong(code))
    login(api_client, wrong(code))

    assert login(api_client, code).status_code == 429
    assert login(api_client, code, ip="10.0.0.2").status_code == 200


def test_the_code_is_stored_only_as_a_keyed_hash(api_client, sms):
    ask(api_client)
    code = sms()

    row = LoginCode.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    assert code not in stored
    assert PHONE not in stored
    message = Message.objects.get(event="citizen.login_code")
    assert code not in message.text
    assert code not in str(message.params)


def test_neither_the_code_nor_the_phone_is_logged(api_client, sms, caplog):
    caplog.set_level(logging.DEBUG)

    ask(api_client)
    code = sms()
    login(api_client, wrong(code))
    login(api_client, code)

    assert caplog.records, "the request was logged at all"
    logged = "\n".join(
        f"{record.getMessage()} {record.args}" for record in caplog.records
    )
    assert code not in logged
    assert PHONE not in logged


def test_login_rotates_the_session_key(api_client, sms):
    session = api_client.session  # a session that exists before the login
    session["seen"] = True
    session.save()
    before = api_client.cookies["sessionid"].value
    ask(api_client)

    login(api_client, sms())

    key = api_client.cookies["sessionid"].value
    assert key != before
    assert not Session.objects.filter(session_key=before).exists()
    session = Session.objects.get(session_key=key).get_decoded()
    assert PHONE not in str(session)
    assert session["citizen_phone_hash"]


def test_a_sign_in_lasts_the_configured_days(api_client, sign_in, freeze_now, settings):
    settings.CITIZEN_SESSION_DAYS = 30
    freeze_now(T0)
    sign_in(api_client)

    freeze_now(T0 + timedelta(days=29))
    assert api_client.get("/api/v1/me/cases/").status_code == 200
    freeze_now(T0 + timedelta(days=30, seconds=1))
    assert api_client.get("/api/v1/me/cases/").status_code == 403


@pytest.mark.parametrize("code", ["12345", "1234567", "12a456", " 123456x"])
def test_a_code_that_is_not_six_digits_is_refused_naming_the_field(
    api_client, sms, code
):
    ask(api_client)

    response = login(api_client, code)

    assert response.status_code == 400
    assert list(response.json()) == ["code"]
