"""The workflow table, walked whole: every step of `cases.workflow` is taken
through its service from every status, and by every kind of user.

Each step is allowed exactly from its from-statuses and refused from every other
one (ValidationError, status unchanged, no event); it writes its event, public or
internal as the table says; and only the users the table names may take it. The
expected users are written out here, not read from the table, so a change to
who may take a step has to change this file too.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services, workflow
from cases.models import Case, CaseEvent
from tests.cases.helpers import submit_case
from tests.cases.workflow_takes import ACTOR, MAY_TAKE, PREPARE, TAKE, _pending_request

pytestmark = pytest.mark.django_db
Status = Case.Status


USERS = [
    "officer_a",
    "head_a",
    "officer_b",
    "supervisor",
    "dispatcher",
    "unassigned",
    "anonymous",
]


@pytest.fixture
def unassigned(django_user_model):
    """A staff member who holds no department."""
    return django_user_model.objects.create_user(
        username="unassigned", password="pass-12345!", is_staff=True
    )


@pytest.fixture
def anonymous():
    return AnonymousUser()


def case_in(status, department, step=None, other=None):
    """A case of `department` put straight into `status` (no walk through steps),
    with what `step` needs beforehand (PREPARE: a co-handling invitation, ...)."""
    case = submit_case(department=department).case
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    if step is not None and step.name in PREPARE:
        PREPARE[step.name](case, other)
        case.refresh_from_db()
    return case


def _actor(request, step):
    """Who takes the step in the status test: a supervisor, unless the table
    names someone else (ACTOR): the system (None) or a co-handler."""
    who = ACTOR.get(step.name, "supervisor")
    return None if who == "system" else request.getfixturevalue(who)


def test_the_test_covers_every_step_of_the_table():
    assert set(TAKE) == set(workflow.STEPS) == set(MAY_TAKE)


@pytest.mark.parametrize("status", workflow.ALL_STATUSES)
@pytest.mark.parametrize("step", workflow.STEP_LIST, ids=lambda step: step.name)
def test_each_step_is_allowed_exactly_from_its_statuses(
    request, step, status, department_a, department_b
):
    actor = _actor(request, step)
    case = case_in(status, department_a, step, department_b)
    events_before = CaseEvent.objects.filter(case=case).count()

    if status not in step.from_statuses:
        with pytest.raises(ValidationError) as excinfo:
            TAKE[step.name](case, actor, department_b)
        assert "status" in excinfo.value.message_dict
        case.refresh_from_db()
        assert case.status == status
        assert CaseEvent.objects.filter(case=case).count() == events_before
        return

    status_before = case.status_before
    TAKE[step.name](case, actor, department_b)

    case.refresh_from_db()
    expected_status = {
        workflow.UNCHANGED: status,
        workflow.PREVIOUS: status_before,
    }.get(step.to_status, step.to_status)
    assert case.status == expected_status
    event = CaseEvent.objects.filter(case=case).latest("pk")
    assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    assert (event.action, event.from_status, event.to_status) == (
        step.action,
        status,
        expected_status,
    )
    assert event.actor == actor
    assert event.is_public is step.public


def test_a_refused_extension_writes_the_tables_internal_outcome(
    department_a, supervisor
):
    case = case_in(Status.ACCEPTED, department_a)

    services.extension_decide(
        request=_pending_request(case), actor=supervisor, approve=False
    )

    event = CaseEvent.objects.filter(case=case).latest("pk")
    refused = workflow.STEPS["extension_decide"].refused
    assert (event.action, event.is_public) == (refused.action, refused.public)
    assert (event.action, event.is_public) == ("extension_refuse", False)


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("step", workflow.STEP_LIST, ids=lambda step: step.name)
def test_only_the_users_the_step_names_may_take_it(
    request, step, who, department_a, department_b
):
    user = request.getfixturevalue(who)
    case = case_in(step.from_statuses[0], department_a, step, department_b)
    events_before = CaseEvent.objects.filter(case=case).count()
    allowed = who in MAY_TAKE[step.name]

    # The admin's boolean and the service's check are the same rule.
    assert workflow.may_take(user, step, case) is allowed
    if allowed:
        TAKE[step.name](case, user, department_b)
        assert CaseEvent.objects.filter(case=case).count() == events_before + 1
        return
    with pytest.raises(PermissionDenied):
        TAKE[step.name](case, user, department_b)
    case.refresh_from_db()
    assert case.status == step.from_statuses[0]
    assert CaseEvent.objects.filter(case=case).count() == events_before


def test_the_system_may_take_every_step_but_asking_for_more_time(
    department_a, department_b
):
    # Demo data and imports act as `None`; an extension request needs a requester,
    # and only the invited department writes its 协办意见.
    for step in workflow.STEP_LIST:
        if step.name in {"extension_request", "co_handle_opinion"}:
            continue
        case = case_in(step.from_statuses[0], department_a, step, department_b)
        TAKE[step.name](case, None, department_b)
        assert CaseEvent.objects.filter(case=case).latest("pk").actor is None


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("OPEN", {Status.SUBMITTED, Status.ACCEPTED}),
        (
            "BACKLOG",
            {
                Status.SUBMITTED,
                Status.ACCEPTED,
                Status.WAITING,
                Status.RETURNED,
                Status.DISPATCHING,
            },
        ),
        ("IN_HAND", {Status.SUBMITTED, Status.ACCEPTED, Status.WAITING}),
        ("AT_DISPATCH", {Status.DISPATCHING, Status.RETURNED}),
        ("FOLLOWING", {Status.MERGED, Status.SPLIT}),
        ("ANSWERED_FOR_RATING", {Status.REPLIED, Status.CLOSED}),
        (
            "ANSWERED_FOR_STATISTICS",
            {Status.REPLIED, Status.CLOSED, Status.REJECTED},
        ),
    ],
)
def test_each_status_group_holds_what_it_held_before_the_table(name, group):
    assert set(getattr(workflow, name)) == group
