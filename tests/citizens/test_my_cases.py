"""GET /api/v1/me/cases/ and what a signed-in citizen does with each case: open it,
rate it, stop SMS, get a new query code; other phones' cases are 404s; logout
ends it all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from cases.models import Case, CaseEvent
from tests.cases.helpers import LOOKUP_URL, submit_case
from tests.citizens.conftest import CASES_URL, LOGOUT_URL, OTHER_PHONE, PHONE

pytestmark = pytest.mark.django_db


def answered(**fields):
    submitted = submit_case(**fields)
    case = submitted.case
    case_services.case_transition(case=case, to_status=Case.Status.ACCEPTED)
    case_services.case_transition(
        case=case, to_status=Case.Status.REPLIED, reply="已为您办理。"
    )
    return submitted


def url(case, action=""):
    return f"{CASES_URL}{case.number}/{action}"


@pytest.fixture
def mine(api_client, sign_in):
    """Three cases of PHONE (the newest answered), one of another phone; signed in."""
    older = submit_case(contact_phone=PHONE, title="较早的诉求")
    other = submit_case(contact_phone=OTHER_PHONE, title="别人的诉求")
    newer = answered(contact_phone=PHONE, title="已答复的诉求", sms_consent=True)
    sign_in(api_client)
    return {"older": older, "newer": newer, "other": other}


def test_the_list_has_only_my_phones_cases_newest_first(api_client, mine):
    response = api_client.get(CASES_URL)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["number"] for row in results] == [
        mine["newer"].case.number,
        mine["older"].case.number,
    ]
    first = results[0]
    assert first["title"] == "已答复的诉求"
    assert first["status_label"] == "已答复"
    assert first["kind_label"] == "咨询求助"
    assert first["due_at"]
    assert first["can_rate"] is True
    assert results[1]["can_rate"] is False


def test_the_list_costs_the_same_queries_for_one_case_or_many(api_client, mine):
    with CaptureQueriesContext(connection) as few:
        api_client.get(CASES_URL)
    for _ in range(5):
        answered(contact_phone=PHONE)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get(CASES_URL)

    assert response.json()["count"] == 7
    # Session, count, page.
    assert len(many) == len(few) == 3


def test_the_list_is_paginated(api_client, mine):
    response = api_client.get(CASES_URL, {"page_size": 1})

    assert response.json()["count"] == 2
    assert response.json()["next"]


def test_without_signing_in_the_list_and_the_actions_are_refused(api_client, db):
    case = submit_case(contact_phone=PHONE).case

    assert api_client.get(CASES_URL).status_code == 403
    assert api_client.get(url(case)).status_code == 403
    assert api_client.post(url(case, "stop-sms/")).status_code == 403
    assert api_client.post(url(case, "query-code/")).status_code == 403
    assert "登录" in api_client.get(CASES_URL).json()["detail"]


def test_i_open_my_case_in_the_look_ups_shape(api_client, mine):
    submitted = mine["newer"]

    mine_view = api_client.get(url(submitted.case)).json()
    looked_up = api_client.post(
        LOOKUP_URL,
        {"number": submitted.case.number, "query_code": submitted.query_code},
        format="json",
    ).json()

    assert mine_view == looked_up
    assert mine_view["evaluation"] is None
    assert mine_view["contact_phone"] == "138****5678"


def test_another_phones_case_is_not_found_for_every_action(api_client, mine):
    other = mine["other"].case

    assert api_client.get(url(other)).status_code == 404
    for action in ["stop-sms/", "query-code/"]:
        assert api_client.post(url(other, action)).status_code == 404
    rated = api_client.post(url(other, "evaluation/"), {"level": 5}, format="json")
    assert rated.status_code == 404
    assert api_client.get(f"{CASES_URL}ZX-20000101-0001/").status_code == 404
    other.refresh_from_db()
    assert other.query_code_hash == mine["other"].case.query_code_hash


def test_i_rate_my_answered_case_without_the_query_code(api_client, mine):
    case = mine["newer"].case

    response = api_client.post(
        url(case, "evaluation/"), {"level": 2, "comment": "没解决"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["label"] == "不满意"
    assert api_client.get(url(case)).json()["evaluation"]["level"] == 2
    assert api_client.get(CASES_URL).json()["results"][0]["can_rate"] is False
    again = api_client.post(url(case, "evaluation/"), {"level": 5}, format="json")
    assert again.status_code == 400


def test_a_case_not_yet_answered_cannot_be_rated(api_client, mine):
    response = api_client.post(
        url(mine["older"].case, "evaluation/"), {"level": 5}, format="json"
    )

    assert response.status_code == 400
    assert "答复后" in str(response.json())


def test_i_stop_sms_for_my_case(api_client, mine):
    case = mine["newer"].case

    response = api_client.post(url(case, "stop-sms/"))

    assert response.status_code == 200
    assert response.json() == {"number": case.number, "sms_consent": False}
    case.refresh_from_db()
    assert case.sms_consent is False
    event = case.events.filter(action=CaseEvent.Action.NOTE).get()
    assert event.is_public is False and "退订" in event.note
    # Again: no error, no second event.
    assert api_client.post(url(case, "stop-sms/")).status_code == 200
    assert case.events.filter(action=CaseEvent.Action.NOTE).count() == 1


def test_a_new_query_code_replaces_the_old_one(api_client, mine):
    submitted = mine["older"]
    number = submitted.case.number

    response = api_client.post(url(submitted.case, "query-code/"))

    assert response.status_code == 200
    new_code = response.json()["query_code"]
    assert len(new_code) == 8 and new_code != submitted.query_code
    old = api_client.post(
        LOOKUP_URL,
        {"number": number, "query_code": submitted.query_code},
        format="json",
    )
    new = api_client.post(
        LOOKUP_URL, {"number": number, "query_code": new_code}, format="json"
    )
    assert old.status_code == 404
    assert new.status_code == 200
    note = submitted.case.events.get(action=CaseEvent.Action.NOTE)
    assert note.is_public is False
    assert new_code not in note.note


def test_logout_ends_access(api_client, mine):
    assert api_client.post(LOGOUT_URL).status_code == 204

    assert api_client.get(CASES_URL).status_code == 403
    assert api_client.get(url(mine["newer"].case)).status_code == 403
    assert api_client.get("/api/v1/me/").json() == {"signed_in": False, "phone": ""}


def test_a_staff_member_signed_in_stays_signed_in_after_a_citizen_logout(
    api_client, sign_in, superuser
):
    api_client.force_login(superuser)
    sign_in(api_client)

    api_client.post(LOGOUT_URL)

    assert api_client.get(CASES_URL).status_code == 403
    assert api_client.get("/api/v1/staff/cases/").status_code == 200


def test_a_write_from_another_site_is_refused(api_client, mine):
    response = api_client.post(
        url(mine["newer"].case, "query-code/"), HTTP_SEC_FETCH_SITE="cross-site"
    )

    assert response.status_code == 403
    assert "其他网站" in response.json()["detail"]
