"""How the workflow table test takes the steps that came before the 12345 ones."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases import services
from cases.models import Case, ExtensionRequest

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
        case=case, actor=actor, reason="不属于本部门职责", basis="职责清单第3条"
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
    "dispatch": {"supervisor", "dispatcher"},
    "supervise": {"supervisor"},
    "reopen": {"supervisor"},
    "note": HANDLERS,
}
PREPARE = {}
ACTOR = {}
