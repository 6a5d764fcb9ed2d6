"""好差评 after 回访 不满意 → 重办: the citizen rates the first answer, the callback
reopens the case, the new answer may be rated once more through the same
endpoint, and the figures count the latest rating of the case."""

from datetime import datetime

import pytest

from cases import services as case_services
from cases.models import Case, CaseCallback
from feedback import selectors
from kernel.workdays import SHANGHAI
from tests.cases.helpers import LOOKUP_URL
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db
RATE_URL = "/api/v1/cases/evaluation/"
NEW_REPLY = "已联系社保中心为您加急补办，本周内可领取。"


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def rate(api_client, case, code, level):
    return api_client.post(
        RATE_URL,
        {"number": case.number, "query_code": code, "level": level},
        format="json",
    )


def redone(department, officer, api_client, freeze_now):
    """Closed on 20 Nov, rated 不满意, called back 不满意 on 23 Nov (重办)."""
    case, code = answered_case(department, status="closed")
    freeze_now(at(11, 21))
    assert rate(api_client, case, code, 2).status_code == 201
    freeze_now(at(11, 23))
    case_services.case_callback(
        case=case, actor=officer, result=CaseCallback.Result.DISSATISFIED
    )
    case.refresh_from_db()
    return case, code


def test_a_redone_case_cannot_be_rated_before_its_new_answer(
    api_client, department_a, officer_a, freeze_now
):
    case, code = redone(department_a, officer_a, api_client, freeze_now)

    refused = rate(api_client, case, code, 5)

    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": ["诉求正在重新办理，请在新的答复后再评价。"]
    }


def test_the_new_answer_after_a_redo_is_rated_once(
    api_client, department_a, officer_a, freeze_now
):
    case, code = redone(department_a, officer_a, api_client, freeze_now)
    freeze_now(at(11, 24))
    case_services.case_transition(
        case=case, to_status=Case.Status.REPLIED, reply=NEW_REPLY, actor=officer_a
    )

    looked_up = api_client.post(
        LOOKUP_URL, {"number": case.number, "query_code": code}, format="json"
    ).json()
    assert [(r["reply_round"], r["superseded"]) for r in looked_up["replies"]] == [
        (1, True),
        (2, False),
    ]
    rated = rate(api_client, case, code, 5)

    assert rated.status_code == 201, rated.content
    assert (rated.json()["reply_round"], rated.json()["label"]) == (2, "非常满意")
    assert rate(api_client, case, code, 1).status_code == 400
    labels = selectors.case_satisfaction_labels(cases=Case.objects.filter(pk=case.pk))
    assert labels == {case.pk: "非常满意"}
