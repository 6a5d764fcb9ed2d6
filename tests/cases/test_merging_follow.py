"""Merged cases follow their main one (merged_cases_follow): the main's answer
reaches every follower, who is told and may rate it, and the main's close closes
them; in the same few queries however many follow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Case
from feedback.services import evaluation_submit
from notifications.models import Message
from tests.cases.helpers import LOOKUP_URL, submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status
REPLY = "路灯已于今日修复，感谢您的反映。"


def _main_with_followers(department, officer, count, **citizen):
    main = submit_case(department=department).case
    services.case_transition(case=main, to_status=Status.ACCEPTED, actor=officer)
    followers = []
    for _ in range(count):
        submitted = submit_case(department=department, **citizen)
        services.case_merge(case=submitted.case, actor=officer, main_number=main.number)
        followers.append(submitted)
    return main, followers


def _reply(main, officer):
    return services.case_transition(
        case=main, to_status=Status.REPLIED, actor=officer, reply=REPLY
    )


def test_each_follower_gets_the_main_cases_answer(department_a, officer_a):
    main, followers = _main_with_followers(department_a, officer_a, 2)

    replied = _reply(main, officer_a)

    for submitted in followers:
        case = Case.objects.get(pk=submitted.case.pk)
        assert (case.status, case.reply) == (Status.REPLIED, REPLY)
        assert case.replied_at == replied.replied_at
        assert case.merged_into_id == main.pk  # the link stays
        event = case.events.latest("pk")
        assert (event.action, event.actor, event.is_public, event.note) == (
            "merged_reply",
            None,
            True,
            REPLY,
        )


def test_each_follower_closes_with_the_main(department_a, officer_a):
    main, followers = _main_with_followers(department_a, officer_a, 2)
    _reply(main, officer_a)

    closed = services.case_transition(
        case=main, to_status=Status.CLOSED, actor=officer_a
    )

    for submitted in followers:
        case = Case.objects.get(pk=submitted.case.pk)
        assert (case.status, case.closed_at) == (Status.CLOSED, closed.closed_at)
        # Each citizen is called back (回访) by the main case's limit.
        assert case.callback_due_at == closed.callback_due_at is not None
        event = case.events.latest("pk")
        assert (event.action, event.actor) == ("close", None)
        assert main.number in event.note


def test_an_unmerged_case_does_not_follow(department_a, officer_a):
    main, [kept, undone] = _main_with_followers(department_a, officer_a, 2)
    services.case_unmerge(case=undone.case, actor=officer_a, reason="并错了")

    _reply(main, officer_a)

    assert Case.objects.get(pk=kept.case.pk).status == Status.REPLIED
    assert Case.objects.get(pk=undone.case.pk).status == Status.SUBMITTED


def _reply_queries(department, officer, count) -> int:
    main, _followers = _main_with_followers(department, officer, count)
    with CaptureQueriesContext(connection) as queries:
        _reply(main, officer)
    return len(queries)


def test_following_costs_the_same_queries_for_one_follower_or_many(
    department_a, officer_a
):
    assert _reply_queries(department_a, officer_a, 1) == _reply_queries(
        department_a, officer_a, 4
    )


def test_each_citizen_is_told_the_answer(department_a, officer_a):
    main, followers = _main_with_followers(department_a, officer_a, 2, sms_consent=True)

    _reply(main, officer_a)

    for submitted in followers:
        [message] = Message.objects.filter(
            about=f"cases.case:{submitted.case.pk}", event="case.merged_replied"
        )
        assert message.params["main_number"] == main.number


def test_a_follower_rates_the_answer_it_got(department_a, officer_a):
    main, [submitted] = _main_with_followers(department_a, officer_a, 1)
    _reply(main, officer_a)

    evaluation = evaluation_submit(case=submitted.case, level=5)

    assert evaluation.reply_round == 1
    assert evaluation.case_id == submitted.case.pk


def test_the_look_up_of_a_follower_says_it_follows_and_shows_the_answer(
    api_client, department_a, officer_a
):
    main, [submitted] = _main_with_followers(department_a, officer_a, 1)
    body = {"number": submitted.case.number, "query_code": submitted.query_code}

    waiting = api_client.post(LOOKUP_URL, body, format="json").json()
    assert waiting["status"] == Status.MERGED
    assert waiting["relations"]["merged_into"] == main.number
    assert waiting["relations"]["note"] == f"已并入 {main.number} 一并办理。"

    _reply(main, officer_a)
    answered = api_client.post(LOOKUP_URL, body, format="json").json()
    assert answered["status"] == Status.REPLIED
    assert answered["reply"] == REPLY
    assert [answer["reply"] for answer in answered["replies"]] == [REPLY]
