"""好差评 after 重新办理: one rating per answer. A supervisor reopens a closed, rated
case; the citizen sees the reopening and the superseded answer, and rates the new
answer once; the earlier rating stays, in the history and in its own period."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases import ledger
from cases import services as case_services
from cases.models import Case
from feedback import selectors, services
from feedback.models import CaseEvaluation, Rectification
from kernel.workdays import SHANGHAI
from tests.cases.helpers import LOOKUP_URL
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db
RATE_URL = "/api/v1/cases/evaluation/"
FIRST_REPLY = "已办理，请查收。"
NEW_REPLY = "经再次核查，已责令该单位本周内补发工资。\n如仍未到账，请致电 12333。"


def at(month, day, hour=10):
    return datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def rated_then_reopened(department, supervisor, freeze_now):
    """A closed case rated 不满意 on 23 Nov, reopened by a supervisor on 25 Nov."""
    case, code = answered_case(department, status="closed")
    services.evaluation_submit(case=case, level=2, comment="没解决", now=at(11, 23))
    freeze_now(at(11, 25))
    case_services.case_reopen(case=case, actor=supervisor, note="市民反映问题未解决")
    case.refresh_from_db()
    return case, code


def answer_again(case, now=None):
    now = now or at(12, 1)
    return case_services.case_transition(
        case=case, to_status=Case.Status.REPLIED, reply=NEW_REPLY, now=now
    )


def look_up(api_client, case, code):
    body = {"number": case.number, "query_code": code}
    response = api_client.post(LOOKUP_URL, body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_new_answer_of_a_reopened_case_can_be_rated_once(
    department_a, supervisor, freeze_now
):
    case, _ = rated_then_reopened(department_a, supervisor, freeze_now)
    answer_again(case)

    second = services.evaluation_submit(case=case, level=5, now=at(12, 2))

    assert second.reply_round == 2
    first = CaseEvaluation.objects.get(case=case, reply_round=1)
    assert (first.level, first.comment, first.created_at) == (2, "没解决", at(11, 23))
    with pytest.raises(ValidationError) as again:
        services.evaluation_submit(case=case, level=1, now=at(12, 3))
    assert again.value.messages == ["您已评价过这次答复，每次答复只能评价一次。"]
    assert CaseEvaluation.objects.filter(case=case).count() == 2


def test_a_reopened_case_cannot_be_rated_before_its_new_answer(
    department_a, supervisor, freeze_now
):
    case, _ = rated_then_reopened(department_a, supervisor, freeze_now)

    with pytest.raises(ValidationError) as refused:
        services.evaluation_submit(case=case, level=5, now=at(11, 26))

    assert refused.value.messages == ["诉求正在重新办理，请在新的答复后再评价。"]
    assert CaseEvaluation.objects.filter(case=case).count() == 1


def test_the_earlier_rectification_stays_and_a_bad_new_rating_opens_another(
    department_a, supervisor, freeze_now
):
    case, _ = rated_then_reopened(department_a, supervisor, freeze_now)
    answer_again(case)

    services.evaluation_submit(case=case, level=1, now=at(12, 2))

    assert sorted(
        Rectification.objects.values_list("evaluation__reply_round", flat=True)
    ) == [1, 2]


def test_the_database_keeps_one_rating_per_answer(department_a):
    case, _ = answered_case(department_a)
    fields = {"case": case, "department": department_a, "level": 5}
    CaseEvaluation.objects.create(reply_round=1, created_at=at(11, 23), **fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvaluation.objects.create(reply_round=1, created_at=at(11, 24), **fields)
    CaseEvaluation.objects.create(reply_round=2, created_at=at(12, 2), **fields)

    assert CaseEvaluation.objects.filter(case=case).count() == 2


def test_each_rating_counts_in_the_period_it_was_given(
    department_a, supervisor, freeze_now
):
    case, _ = rated_then_reopened(department_a, supervisor, freeze_now)
    answer_again(case)
    services.evaluation_submit(case=case, level=5, now=at(12, 2))
    pk = department_a.pk

    november = selectors.satisfaction_rates(
        department_ids=[pk], start=at(11, 1, 0), end=at(12, 1, 0)
    )
    december = selectors.satisfaction_rates(
        department_ids=[pk],
        start=at(12, 1, 0),
        end=datetime(2027, 1, 1, tzinfo=SHANGHAI),
    )
    overall = selectors.satisfaction_rates(department_ids=[pk])

    assert november[pk] == {"rated": 1, "satisfied": 0, "rate": 0.0}
    assert december[pk] == {"rated": 1, "satisfied": 1, "rate": 1.0}
    assert overall[pk] == {"rated": 2, "satisfied": 1, "rate": 0.5}


def test_a_case_answered_again_is_invited_to_rate_its_new_answer(
    department_a, supervisor, freeze_now
):
    case, _ = rated_then_reopened(department_a, supervisor, freeze_now)
    answer_again(case, now=at(12, 1))
    later = at(12, 10)

    assert list(selectors.unrated_answered_cases(now=later)) == [case]
    services.evaluation_submit(case=case, level=4, now=at(12, 2))
    assert list(selectors.unrated_answered_cases(now=later)) == []


def test_the_ledger_shows_the_rating_of_the_latest_answer(
    department_a, supervisor, freeze_now
):
    case, _ = rated_then_reopened(department_a, supervisor, freeze_now)
    answer_again(case)
    services.evaluation_submit(case=case, level=4, now=at(12, 2))

    [row] = ledger.ledger_rows(
        Case.objects.filter(pk=case.pk), kind=case.kind, contact_departments=None
    )

    assert row[ledger.headers(case.kind).index("满意度")] == "满意"


# The look-up API, as the citizen's page reads it.


def test_the_look_up_shows_the_reopening_and_the_superseded_answer(
    api_client, department_a, supervisor, freeze_now
):
    case, code = rated_then_reopened(department_a, supervisor, freeze_now)

    body = look_up(api_client, case, code)

    assert (body["status"], body["evaluation"]) == ("accepted", None)
    reopening = body["timeline"][-1]
    assert (reopening["action"], reopening["label"], reopening["note"]) == (
        "reopen",
        "已重新办理",
        "市民反映问题未解决",
    )
    assert body["replies"] == [
        {
            "reply_round": 1,
            "reply": FIRST_REPLY,
            "replied_at": "2026-11-20T15:00:00+08:00",
            "superseded": True,
            "evaluation": {
                "reply_round": 1,
                "level": 2,
                "label": "不满意",
                "comment": "没解决",
                "created_at": "2026-11-23T10:00:00+08:00",
            },
        }
    ]


def test_after_the_new_answer_the_citizen_rates_it_through_the_api(
    api_client, department_a, supervisor, freeze_now
):
    case, code = rated_then_reopened(department_a, supervisor, freeze_now)
    answer_again(case)

    before = look_up(api_client, case, code)
    assert (before["status"], before["reply"], before["evaluation"]) == (
        "replied",
        NEW_REPLY,
        None,
    )
    old, new = before["replies"]
    assert (old["reply"], old["superseded"], old["evaluation"]["label"]) == (
        FIRST_REPLY,
        True,
        "不满意",
    )
    assert (new["reply_round"], new["reply"], new["superseded"]) == (
        2,
        NEW_REPLY,
        False,
    )
    assert new["evaluation"] is None

    rated = api_client.post(
        RATE_URL,
        {"number": case.number, "query_code": code, "level": 5},
        format="json",
    )

    assert rated.status_code == 201, rated.content
    assert (rated.json()["reply_round"], rated.json()["label"]) == (2, "非常满意")
    after = look_up(api_client, case, code)
    assert (after["evaluation"]["reply_round"], after["evaluation"]["label"]) == (
        2,
        "非常满意",
    )
    assert [r["evaluation"]["label"] for r in after["replies"]] == [
        "不满意",
        "非常满意",
    ]
    again = api_client.post(
        RATE_URL,
        {"number": case.number, "query_code": code, "level": 1},
        format="json",
    )
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["您已评价过这次答复，每次答复只能评价一次。"]
    }


def test_the_look_up_stays_at_its_query_count_with_several_answers(
    api_client, department_a, supervisor, freeze_now, django_assert_num_queries
):
    case, code = rated_then_reopened(department_a, supervisor, freeze_now)
    answer_again(case)

    # The code on the bare row, then case, events, photos, ratings (the throttles
    # count in the cache), and the department: in production it comes from the
    # process's look-ups, which a test's open transaction bypasses (see
    # tests/cases/test_submission_lookups.py for the count outside one).
    with django_assert_num_queries(6):
        look_up(api_client, case, code)
