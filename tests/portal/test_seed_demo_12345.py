"""`manage.py seed_demo` shows every state of the 12345 handling (cases.demo_12345):
each demo login finds something to do, and a second run adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import (
    Case,
    CaseCallback,
    CaseEvent,
    CoHandling,
    DispatchRule,
    Escalation,
)

pytestmark = pytest.mark.django_db
Status = Case.Status


def demo(state: str) -> Case:
    return Case.objects.get(submission_key__key=f"demo-case-12345-{state}")


def _the_catalogue_has_keyword_rules_and_an_urgent_one():
    rules = {rule.name: rule for rule in DispatchRule.objects.all()}

    assert rules["拖欠工资"].department.code == "hrss"
    assert "欠薪" in rules["拖欠工资"].keywords
    assert rules["燃气泄漏（紧急）"].marks_urgent
    assert rules["疫苗接种"].service_type.code == "vaccination"


def _the_dispatcher_finds_the_queue_and_a_return_to_review():
    queued = demo("queue")
    assert queued.status == Status.DISPATCHING
    assert queued.department.is_dispatch_center
    assert queued.events.filter(action="route").exists()

    returned = demo("returned")
    assert returned.status == Status.RETURNED
    send_back = returned.events.get(action="send_back")
    assert "职责清单" in send_back.note
    assert send_back.actor.username == "hrss_officer"


def _cases_routed_by_the_catalogue_wait_to_be_signed_one_past_its_limit():
    now = timezone.now()
    unsigned, overdue = demo("unsigned"), demo("sign-overdue")

    assert (unsigned.status, unsigned.department.code) == (Status.SUBMITTED, "hrss")
    assert unsigned.routed_by.name == "拖欠工资"
    assert unsigned.signed_at is None and unsigned.sign_due_at > now
    assert overdue.routed_by.name == "噪音油烟"
    assert overdue.signed_at is None and overdue.sign_due_at < now


def _urgent_cases_by_a_rule_and_by_staff():
    by_rule, by_staff = demo("urgent-rule"), demo("urgent-staff")

    assert by_rule.is_urgent and by_rule.department.code == "police"
    assert by_staff.is_urgent
    assert by_staff.events.get(action="urgent").actor.username == "hrss_officer"


def _an_assigned_case_and_one_waiting_for_the_citizen():
    assigned, waiting = demo("assigned"), demo("waiting")

    assert assigned.assignee.username == "hrss_officer"
    assert assigned.events.get(action="assign").actor.username == "hrss_head"
    assert waiting.status == Status.WAITING
    assert "受理回执" in waiting.info_question
    assert waiting.paused_at is not None


def _co_handled_cases_with_and_without_the_opinion():
    answered = CoHandling.objects.get(case=demo("co-handled"))
    pending = CoHandling.objects.get(case=demo("co-handling"))

    assert answered.department.code == pending.department.code == "eeb"
    assert answered.opinion and answered.answered_by.username == "eeb_officer"
    assert pending.answered_at is None


def _a_merged_pair_and_a_split_case():
    main, merged = demo("merge-main"), demo("merged")
    assert (merged.status, merged.merged_into) == (Status.MERGED, main)
    assert main.status == Status.ACCEPTED

    parent = demo("split")
    assert parent.status == Status.SPLIT
    children = parent.children.order_by("id")
    assert [child.department.code for child in children] == ["hrss", "eeb"]
    assert all(child.status == Status.SUBMITTED for child in children)


def _a_case_called_back_satisfied_and_one_handled_again():
    satisfied = demo("called-back")
    assert satisfied.status == Status.CLOSED
    assert satisfied.callbacks.get().result == CaseCallback.Result.SATISFIED

    redo = demo("redo")
    assert (redo.status, redo.redo_count) == (Status.ACCEPTED, 1)
    assert redo.callbacks.get().result == CaseCallback.Result.DISSATISFIED
    assert redo.events.filter(action="redo").exists()


def _the_escalation_ladder_has_every_rung():
    rungs = set(Escalation.objects.values_list("rung", flat=True))

    assert rungs == set(Escalation.Rung.values)
    overdue = demo("overdue")
    assert {"supervise", "report"} <= set(
        overdue.escalations.values_list("rung", flat=True)
    )


def _every_12345_step_appears_in_some_timeline():
    actions = set(CaseEvent.objects.values_list("action", flat=True))

    assert {
        "route",
        "dispatch",
        "send_back",
        "sign",
        "assign",
        "urgent",
        "info_request",
        "co_handle_invite",
        "co_handle_opinion",
        "merge",
        "split",
        "callback",
        "redo",
        "urge",
        "supervise",
        "report",
    } <= actions


def test_seed_demo_shows_every_state_of_the_12345_handling(settings):
    # One seed for every check: seeding takes long, the checks are quick reads.
    call_command("seed_demo", verbosity=0)

    _the_catalogue_has_keyword_rules_and_an_urgent_one()
    _the_dispatcher_finds_the_queue_and_a_return_to_review()
    _cases_routed_by_the_catalogue_wait_to_be_signed_one_past_its_limit()
    _urgent_cases_by_a_rule_and_by_staff()
    _an_assigned_case_and_one_waiting_for_the_citizen()
    _co_handled_cases_with_and_without_the_opinion()
    _a_merged_pair_and_a_split_case()
    _a_case_called_back_satisfied_and_one_handled_again()
    _the_escalation_ladder_has_every_rung()
    _every_12345_step_appears_in_some_timeline()


def test_seeding_again_takes_no_step_twice(settings):
    call_command("seed_demo", verbosity=0)
    counts = (
        CaseEvent.objects.count(),
        Escalation.objects.count(),
        DispatchRule.objects.count(),
        CoHandling.objects.count(),
    )

    call_command("seed_demo", verbosity=0)

    assert (
        CaseEvent.objects.count(),
        Escalation.objects.count(),
        DispatchRule.objects.count(),
        CoHandling.objects.count(),
    ) == counts
