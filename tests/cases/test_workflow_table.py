"""The workflow table, walked whole: every step of `cases.workflow` is taken
through its service from every status, and by every kind of user.

Each step is allowed exactly from its from-statuses and refused from every other
one (ValidationError, status unchanged, no event); it writes its event, public or
internal as the table says; and only the users the table names may take it. The
expected users are written out here, not read from the table, so a change to
who may take a step has to change this file too.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases import services, workflow
from cases.models import Case, CaseEvent, ExtensionRequest
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status


def _pending_request(case):
    requester, _ = get_user_model().objects.get_or_create(username="requester")
    return ExtensionRequest.objects.create(
        case=case,
        requested_by=requester,
        requested_at=timezone.now(),
        days=3,
        reason="需现场勘查",
    )


# How the test takes each step: (case, actor, department B) -> None, through the
# step's service with valid inputs.
TAKE = {
    "accept": lambda case, actor, other: services.case_transition(
        case=case, to_status=Status.ACCEPTED, actor=actor
    ),
    "reply": lambda case, actor, other: services.case_transition(
        case=case, to_status=Status.REPLIED, actor=actor, reply="已答复市民。"
    ),
    "close": lambda case, actor, other: services.case_transition(
        case=case, to_status=Status.CLOSED, actor=actor
    ),
    "reject": lambda case, actor, other: services.case_transition(
        case=case, to_status=Status.REJECTED, actor=actor, reason="不属于受理范围"
    ),
    "transfer": lambda case, actor, other: services.case_transfer(
        case=case, to_department_id=other.pk, actor=actor, reason="属环保职责"
    ),
    "send_back": lambda case, actor, other: services.case_send_back(
        case=case, actor=actor, reason="不属于本部门职责"
    ),
    "extension_request": lambda case, actor, other: services.extension_request(
        case=case, actor=actor, days=3, reason="需现场勘查"
    ),
    "extension_decide": lambda case, actor, other: services.extension_decide(
        request=_pending_request(case), actor=actor, approve=True
    ),
    "dispatch": lambda case, actor, other: services.case_dispatch(
        case=case, to_department_id=other.pk, actor=actor
    ),
    "supervise": lambda case, actor, other: services.case_supervise(
        case=case, actor=actor, note="请加快办理"
    ),
    "reopen": lambda case, actor, other: services.case_reopen(
        case=case, actor=actor, note="答复未解决问题"
    ),
    "note": lambda case, actor, other: services.case_add_note(
        case=case, actor=actor, note="已电话联系市民"
    ),
}

# Who may take each step, of: an officer of the case's department (officer_a),
# its head (head_a), an officer of another department (officer_b), a supervisor,
# a staff member with no department, and an anonymous user.
HANDLERS = {"officer_a", "head_a", "supervisor"}
MAY_TAKE = {
    "accept": HANDLERS,
    "reply": HANDLERS,
    "close": HANDLERS,
    "reject": HANDLERS,
    "transfer": HANDLERS,
    "send_back": HANDLERS,
    "extension_request": HANDLERS,
    "extension_decide": {"head_a", "supervisor"},
    "dispatch": {"supervisor"},
    "supervise": {"supervisor"},
    "reopen": {"supervisor"},
    "note": HANDLERS,
}
USERS = ["officer_a", "head_a", "officer_b", "supervisor", "unassigned", "anonymous"]


@pytest.fixture
def unassigned(django_user_model):
    """A staff member who holds no department."""
    return django_user_model.objects.create_user(
        username="unassigned", password="pass-12345!", is_staff=True
    )


@pytest.fixture
def anonymous():
    return AnonymousUser()


def case_in(status, department):
    """A case of `department` put straight into `status` (no walk through steps)."""
    case = submit_case(department=department).case
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def test_the_test_covers_every_step_of_the_table():
    assert set(TAKE) == set(workflow.STEPS) == set(MAY_TAKE)


@pytest.mark.parametrize("status", workflow.ALL_STATUSES)
@pytest.mark.parametrize("step", workflow.STEP_LIST, ids=lambda step: step.name)
def test_each_step_is_allowed_exactly_from_its_statuses(
    step, status, department_a, department_b, supervisor
):
    case = case_in(status, department_a)
    events_before = CaseEvent.objects.filter(case=case).count()

    if status not in step.from_statuses:
        with pytest.raises(ValidationError) as excinfo:
            TAKE[step.name](case, supervisor, department_b)
        assert "status" in excinfo.value.message_dict
        case.refresh_from_db()
        assert case.status == status
        assert CaseEvent.objects.filter(case=case).count() == events_before
        return

    TAKE[step.name](case, supervisor, department_b)

    case.refresh_from_db()
    expected_status = status if step.to_status == workflow.UNCHANGED else step.to_status
    assert case.status == expected_status
    event = CaseEvent.objects.filter(case=case).latest("pk")
    assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    assert (event.action, event.from_status, event.to_status) == (
        step.action,
        status,
        expected_status,
    )
    assert event.actor == supervisor
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
    case = case_in(step.from_statuses[0], department_a)
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
    # Demo data and imports act as `None`; an extension request needs a requester.
    for step in workflow.STEP_LIST:
        if step.name == "extension_request":
            continue
        case = case_in(step.from_statuses[0], department_a)
        TAKE[step.name](case, None, department_b)
        assert CaseEvent.objects.filter(case=case).latest("pk").actor is None


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("OPEN", {Status.SUBMITTED, Status.ACCEPTED}),
        ("BACKLOG", {Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED}),
        ("ANSWERED_FOR_RATING", {Status.REPLIED, Status.CLOSED}),
        (
            "ANSWERED_FOR_STATISTICS",
            {Status.REPLIED, Status.CLOSED, Status.REJECTED},
        ),
    ],
)
def test_each_status_group_holds_what_it_held_before_the_table(name, group):
    assert set(getattr(workflow, name)) == group
