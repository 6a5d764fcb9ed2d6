"""Moving a case between statuses, and who may do it.

`TRANSITIONS` is the single map of allowed moves. `case_transition` performs the
plain steps (accept, reply, close, reject); the staff steps in `staff.py` (transfer,
send back, dispatch, reopen) use the same event writer and permission checks.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent
from departments import selectors as department_selectors

Status = Case.Status
Action = CaseEvent.Action

TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.ACCEPTED, Status.REJECTED, Status.RETURNED},
    Status.ACCEPTED: {Status.REPLIED, Status.REJECTED, Status.RETURNED},
    Status.REPLIED: {Status.CLOSED},
    Status.CLOSED: {Status.ACCEPTED},  # reopened by a supervisor
    Status.REJECTED: set(),
    Status.RETURNED: {Status.SUBMITTED},  # re-dispatched by a supervisor
}
# The steps case_transition performs; the others have their own service.
_PLAIN_STEPS = {
    Status.ACCEPTED: (Action.ACCEPT, "accepted_at"),
    Status.REPLIED: (Action.REPLY, "replied_at"),
    Status.CLOSED: (Action.CLOSE, "closed_at"),
    Status.REJECTED: (Action.REJECT, "rejected_at"),
}


def require_handler(*, actor, case: Case) -> None:
    """Staff may act on a case of their own departments; supervisors on any.
    `actor=None` is the system itself (demo data, imports)."""
    if actor is None or department_selectors.can_supervise(user=actor):
        return
    if case.department_id not in department_selectors.department_ids_for_user(
        user=actor
    ):
        raise PermissionDenied(_("您无权办理其他部门的诉求。"))


def require_supervisor(*, actor) -> None:
    if actor is not None and not department_selectors.can_supervise(user=actor):
        raise PermissionDenied(_("只有督办人员可以执行此操作。"))


def record_event(
    *,
    case: Case,
    actor,
    action: str,
    note: str = "",
    from_status: str | None = None,
    is_public: bool = True,
    from_department=None,
    to_department=None,
    now: datetime | None = None,
) -> CaseEvent:
    """Append one event to the case's timeline (call inside the change's transaction)."""
    return CaseEvent.objects.create(
        case=case,
        actor=actor,
        created_at=now or timezone.now(),
        action=action,
        from_status=case.status if from_status is None else from_status,
        to_status=case.status,
        note=note,
        is_public=is_public,
        from_department=from_department,
        to_department=to_department,
    )


def check_move(*, from_status: str, to_status: str) -> None:
    """Refuse a move that is not in TRANSITIONS, naming both statuses."""
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            {
                "status": _("当前状态为“%(from)s”，不能变更为“%(to)s”。")
                % {"from": Status(from_status).label, "to": Status(to_status).label}
            }
        )


def case_transition(
    *,
    case: Case,
    to_status: str,
    actor=None,
    note: str = "",
    reply: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> Case:
    """Accept, reply to, close or reject a case, and write the timeline event.

    Replying needs the reply text, rejecting needs a reason; a move not in
    `TRANSITIONS` is refused with a ValidationError naming both statuses, and a
    user outside the case's department gets PermissionDenied.
    """
    now = now or timezone.now()
    if to_status not in _PLAIN_STEPS:
        raise ValueError(f"{to_status} has its own service")
    action, timestamp_field = _PLAIN_STEPS[to_status]
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        require_handler(actor=actor, case=locked)
        from_status = locked.status
        check_move(from_status=from_status, to_status=to_status)
        update_fields = ["status", timestamp_field, "updated_at"]
        if to_status == Status.REPLIED:
            if not reply.strip():
                raise ValidationError({"reply": _("请填写答复内容。")})
            locked.reply = reply.strip()
            update_fields.append("reply")
            # The event keeps each answer's text: `reply` holds only the latest, and
            # a reopened case answered again must still show what it replaced.
            note = note or reply.strip()
        if to_status == Status.REJECTED:
            if not reason.strip():
                raise ValidationError({"reason": _("请填写不予受理的理由。")})
            locked.rejection_reason = reason.strip()
            update_fields.append("rejection_reason")
            note = note or reason.strip()
        locked.status = to_status
        setattr(locked, timestamp_field, now)
        locked.save(update_fields=update_fields)
        record_event(
            case=locked,
            actor=actor,
            action=action,
            from_status=from_status,
            note=note.strip(),
            now=now,
        )
    return locked
