"""The staff steps on a case: transfer, extensions, supervision, reopening,
internal notes and revealing contact details (退回 and 分派 are in `dispatch`).

Each step is an entry of `cases.workflow` and is taken through `step_take`, which
checks its inputs, who acts and the status it starts from against the table, and
writes its timeline event in the same transaction as the change. The functions
here add only what is particular to the step (the target department, the new due
date, the extension request row).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import selectors
from cases.models import Case, CaseEvent, ContactAccess, ExtensionRequest
from cases.services.dispatch import hand_to
from cases.services.submission import reply_days_for
from cases.services.transitions import step_take
from departments import policy
from departments import selectors as department_selectors
from kernel import workdays


def case_transfer(*, case: Case, to_department_id: int, actor, reason: str) -> Case:
    """转办: hand an unanswered case to another department, which must sign for it
    and accept it anew, with a fresh due date; the case leaves the sender's scope."""
    target = department_selectors.get_active_department(department_id=to_department_id)
    now = timezone.now()
    # A missing target is refused by step_take (the table's requirement).
    note = (
        _("转至%(name)s办理：%(reason)s")
        % {"name": target.name, "reason": reason.strip()}
        if target
        else ""
    )

    def apply(locked: Case) -> list[str]:
        if target.pk == locked.department_id:
            raise ValidationError({"to_department": _("不能转办给本部门。")})
        return hand_to(locked, target, now=now, keep_service_type=True)

    event = step_take(
        step="transfer",
        case=case,
        actor=actor,
        inputs={"reason": reason, "to_department": target},
        note=note,
        apply=apply,
        to_department=target,
        now=now,
    )
    return event.case


def extension_request(*, case: Case, actor, days: int, reason: str) -> ExtensionRequest:
    """申请延期: ask for more working days; one pending request per case (the
    table's guard)."""
    now = timezone.now()
    created: list[ExtensionRequest] = []

    def apply(locked: Case) -> list[str]:
        created.append(
            ExtensionRequest.objects.create(
                case=locked,
                requested_by=actor,
                requested_at=now,
                days=days,
                reason=reason.strip(),
            )
        )
        return []

    step_take(
        step="extension_request",
        case=case,
        actor=actor,
        inputs={"reason": reason, "days": days},
        note=_("申请延期 %(days)d 个工作日：%(reason)s")
        % {"days": days, "reason": reason.strip()},
        apply=apply,
        now=now,
    )
    return created[0]


def extension_decide(
    *, request: ExtensionRequest, actor, approve: bool, comment: str = ""
) -> ExtensionRequest:
    """A head of the case's department or a supervisor approves or refuses; approval
    moves the due date by the requested working days. The decider's comment goes
    into the decision's event (public when approved, like the new due date)."""
    note = (
        _("办理时限延长 %(days)d 个工作日") % {"days": request.days}
        if approve
        else _("延期申请未获批准")
    )
    if comment.strip():
        note = _("%(note)s。审批意见：%(comment)s") % {
            "note": note,
            "comment": comment.strip(),
        }
    now = timezone.now()
    decided: list[ExtensionRequest] = []

    def apply(locked: Case) -> list[str]:
        # This request's own row, under lock, rather than the table's guard (any
        # pending request of the case): the same rule, one query fewer.
        pending = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        if pending.decision != ExtensionRequest.Decision.PENDING:
            raise ValidationError({"decision": _("该延期申请已经审批。")})
        pending.decision = (
            ExtensionRequest.Decision.APPROVED
            if approve
            else ExtensionRequest.Decision.REFUSED
        )
        pending.decided_by, pending.decided_at = actor, now
        pending.save(update_fields=["decision", "decided_by", "decided_at"])
        decided.append(pending)
        if not approve:
            return []
        locked.due_at = selectors.extended_due_at(case=locked, days=pending.days)
        return ["due_at"]

    step_take(
        step="extension_decide",
        case=request.case,
        actor=actor,
        inputs={"approve": approve},
        note=note,
        apply=apply,
        refused=not approve,
        check_guard=False,
        now=now,
    )
    return decided[0]


def case_supervise(*, case: Case, actor, note: str) -> Case:
    """督办: a supervisor flags a case for the department's attention."""
    now = timezone.now()

    def apply(locked: Case) -> list[str]:
        locked.is_supervised, locked.supervised_at = True, now
        return ["is_supervised", "supervised_at"]

    return step_take(
        step="supervise",
        case=case,
        actor=actor,
        inputs={"note": note},
        note=note.strip(),
        apply=apply,
        now=now,
    ).case


def case_reopen(*, case: Case, actor, note: str) -> Case:
    """重新办理: a supervisor reopens a closed case; it gets a fresh due date.

    The event is public: the citizen's timeline shows 已重新办理 with the reason,
    and the look-up marks the earlier answer as superseded. That answer and its
    rating stay in the history; the next answer may be rated anew (docs/feedback.md).
    """
    now = timezone.now()

    def apply(locked: Case) -> list[str]:
        locked.closed_at = None
        locked.due_at = workdays.add_workdays(
            start=now,
            days=reply_days_for(kind=locked.kind, service_type=locked.service_type),
        )
        return ["closed_at", "due_at"]

    return step_take(
        step="reopen",
        case=case,
        actor=actor,
        inputs={"note": note},
        note=note.strip(),
        apply=apply,
        now=now,
    ).case


def case_add_note(*, case: Case, actor, note: str) -> CaseEvent:
    """An internal note in the timeline, never shown to the citizen."""
    return step_take(
        step="note", case=case, actor=actor, inputs={"note": note}, note=note.strip()
    )


def case_reveal_contact(*, case: Case, actor, now: datetime | None = None) -> dict:
    """The citizen's name and phone, for staff who handle the case; every reveal is
    recorded so that supervisors can see who read personal data and when."""
    policy.require_may_act_for(
        actor, case.department_id, message=_("您无权办理其他部门的诉求。")
    )
    ContactAccess.objects.create(
        case=case, user=actor, accessed_at=now or timezone.now()
    )
    return {"contact_name": case.contact_name, "contact_phone": case.contact_phone}
