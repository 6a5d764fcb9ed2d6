"""The staff steps on a case: transfer, send back, dispatch, extensions, supervision,
reopening, internal notes and revealing contact details.

Each step checks who acts (PermissionDenied otherwise), locks the case row, and
writes its timeline event in the same transaction as the change, like
`case_transition`, which it builds on.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import selectors
from cases.models import Case, CaseEvent, ContactAccess, ExtensionRequest
from cases.services.submission import reply_days_for
from cases.services.transitions import (
    Status,
    check_move,
    record_event,
    require_handler,
    require_supervisor,
)
from departments import selectors as department_selectors
from kernel import workdays

Action = CaseEvent.Action
OPEN = {Status.SUBMITTED, Status.ACCEPTED}
MAX_EXTENSION_DAYS = 30


def case_transfer(*, case: Case, to_department_id: int, actor, reason: str) -> Case:
    """转办: hand an unanswered case to another department, which must accept it anew
    and gets a fresh due date; the case leaves the sender's scope."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写转办理由。")})
    target = department_selectors.get_active_department(department_id=to_department_id)
    if target is None:
        raise ValidationError({"to_department": _("目标部门不存在或已停用。")})
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(case)
        require_handler(actor=actor, case=locked)
        _require_status(locked, OPEN, _("只有待受理或已受理的诉求可以转办。"))
        if target.pk == locked.department_id:
            raise ValidationError({"to_department": _("不能转办给本部门。")})
        from_department, from_status = locked.department, locked.status
        _hand_to(locked, target, now=now, keep_service_type=True)
        record_event(
            case=locked,
            actor=actor,
            action=Action.TRANSFER,
            from_status=from_status,
            note=_("转至%(name)s办理：%(reason)s")
            % {"name": target.name, "reason": reason.strip()},
            from_department=from_department,
            to_department=target,
            now=now,
        )
    return locked


def case_send_back(*, case: Case, actor, reason: str) -> Case:
    """退回: not this department's business; the case waits for a supervisor."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    with transaction.atomic():
        locked = _lock(case)
        require_handler(actor=actor, case=locked)
        _require_status(locked, OPEN, _("只有待受理或已受理的诉求可以退回。"))
        return _set_status(
            locked,
            Status.RETURNED,
            actor=actor,
            action=Action.SEND_BACK,
            note=reason.strip(),
            is_public=False,
        )


def case_dispatch(*, case: Case, to_department_id: int, actor, note: str = "") -> Case:
    """分派: a supervisor sends a returned case to the department that should handle it."""
    target = department_selectors.get_active_department(department_id=to_department_id)
    if target is None:
        raise ValidationError({"to_department": _("目标部门不存在或已停用。")})
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(case)
        require_supervisor(actor=actor)
        _require_status(locked, {Status.RETURNED}, _("只有已退回的诉求需要重新分派。"))
        from_department = locked.department
        _hand_to(locked, target, now=now, keep_service_type=False)
        record_event(
            case=locked,
            actor=actor,
            action=Action.DISPATCH,
            from_status=Status.RETURNED,
            note=note.strip() or _("分派至%(name)s办理") % {"name": target.name},
            from_department=from_department,
            to_department=target,
            now=now,
        )
    return locked


def extension_request(*, case: Case, actor, days: int, reason: str) -> ExtensionRequest:
    """申请延期: ask for more working days; one pending request per case."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写延期理由。")})
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError(
            {
                "days": _("延期天数应为 1 到 %(max)d 个工作日。")
                % {"max": MAX_EXTENSION_DAYS}
            }
        )
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(case)
        require_handler(actor=actor, case=locked)
        _require_status(locked, OPEN, _("只有办理中的诉求可以申请延期。"))
        if locked.extensions.filter(
            decision=ExtensionRequest.Decision.PENDING
        ).exists():
            raise ValidationError({"days": _("该诉求已有待审批的延期申请。")})
        request = ExtensionRequest.objects.create(
            case=locked,
            requested_by=actor,
            requested_at=now,
            days=days,
            reason=reason.strip(),
        )
        record_event(
            case=locked,
            actor=actor,
            action=Action.EXTENSION_REQUEST,
            note=_("申请延期 %(days)d 个工作日：%(reason)s")
            % {"days": days, "reason": reason.strip()},
            is_public=False,
            now=now,
        )
    return request


def extension_decide(
    *, request: ExtensionRequest, actor, approve: bool, comment: str = ""
) -> ExtensionRequest:
    """A head of the case's department or a supervisor approves or refuses; approval
    moves the due date by the requested working days. The decider's comment goes
    into the decision's event (public when approved, like the new due date)."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(request.case)
        request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        if not (
            department_selectors.can_supervise(user=actor)
            or locked.department_id
            in department_selectors.department_ids_for_user(
                user=actor, permission="approve_extensions"
            )
        ):
            raise PermissionDenied(_("只有部门负责人或督办人员可以审批延期。"))
        if request.decision != ExtensionRequest.Decision.PENDING:
            raise ValidationError({"decision": _("该延期申请已经审批。")})
        request.decision = (
            ExtensionRequest.Decision.APPROVED
            if approve
            else ExtensionRequest.Decision.REFUSED
        )
        request.decided_by, request.decided_at = actor, now
        request.save(update_fields=["decision", "decided_by", "decided_at"])
        if approve:
            locked.due_at = selectors.extended_due_at(case=locked, days=request.days)
            locked.save(update_fields=["due_at", "updated_at"])
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
        record_event(
            case=locked,
            actor=actor,
            action=Action.EXTENSION_APPROVE if approve else Action.EXTENSION_REFUSE,
            note=note,
            is_public=approve,
            now=now,
        )
    return request


def case_supervise(*, case: Case, actor, note: str) -> Case:
    """督办: a supervisor flags a case for the department's attention."""
    if not note.strip():
        raise ValidationError({"note": _("请填写督办意见。")})
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(case)
        require_supervisor(actor=actor)
        locked.is_supervised, locked.supervised_at = True, now
        locked.save(update_fields=["is_supervised", "supervised_at", "updated_at"])
        record_event(
            case=locked,
            actor=actor,
            action=Action.SUPERVISE,
            note=note.strip(),
            is_public=False,
            now=now,
        )
    return locked


def case_reopen(*, case: Case, actor, note: str) -> Case:
    """重新办理: a supervisor reopens a closed case; it gets a fresh due date.

    The event is public: the citizen's timeline shows 已重新办理 with the reason,
    and the look-up marks the earlier answer as superseded. That answer and its
    rating stay in the history; the next answer may be rated anew (docs/feedback.md).
    """
    if not note.strip():
        raise ValidationError({"note": _("请填写重新办理的原因。")})
    with transaction.atomic():
        locked = _lock(case)
        require_supervisor(actor=actor)
        _require_status(locked, {Status.CLOSED}, _("只有已办结的诉求可以重新办理。"))
        now = timezone.now()
        locked.closed_at = None
        locked.due_at = workdays.add_workdays(
            start=now,
            days=reply_days_for(kind=locked.kind, service_type=locked.service_type),
        )
        return _set_status(
            locked,
            Status.ACCEPTED,
            actor=actor,
            action=Action.REOPEN,
            note=note.strip(),
            is_public=True,  # the citizen must see why the answer was set aside
            extra_fields=["closed_at", "due_at"],
            now=now,
        )


def case_add_note(*, case: Case, actor, note: str) -> CaseEvent:
    """An internal note in the timeline, never shown to the citizen."""
    if not note.strip():
        raise ValidationError({"note": _("请填写备注内容。")})
    with transaction.atomic():
        locked = _lock(case)
        require_handler(actor=actor, case=locked)
        return record_event(
            case=locked,
            actor=actor,
            action=Action.NOTE,
            note=note.strip(),
            is_public=False,
        )


def case_reveal_contact(*, case: Case, actor, now: datetime | None = None) -> dict:
    """The citizen's name and phone, for staff who handle the case; every reveal is
    recorded so that supervisors can see who read personal data and when."""
    require_handler(actor=actor, case=case)
    ContactAccess.objects.create(
        case=case, user=actor, accessed_at=now or timezone.now()
    )
    return {"contact_name": case.contact_name, "contact_phone": case.contact_phone}


def _hand_to(case: Case, target, *, now, keep_service_type: bool) -> None:
    """Give a case to `target` to accept anew, with a fresh due date (transfer and
    dispatch); a service type of another department cannot come along."""
    case.department = target
    if not keep_service_type or (
        case.service_type and case.service_type.window.department_id != target.pk
    ):
        case.service_type = None
    case.status = Status.SUBMITTED
    case.accepted_at = None
    case.due_at = workdays.add_workdays(
        start=now, days=reply_days_for(kind=case.kind, service_type=case.service_type)
    )
    case.save(
        update_fields=[
            "department",
            "service_type",
            "status",
            "accepted_at",
            "due_at",
            "updated_at",
        ]
    )


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("department").get(pk=case.pk)


def _require_status(case: Case, allowed: set[str], message: str) -> None:
    if case.status not in allowed:
        raise ValidationError({"status": message})


def _set_status(
    case, to_status, *, actor, action, note, is_public=True, extra_fields=(), now=None
):
    now = now or timezone.now()
    from_status = case.status
    check_move(from_status=from_status, to_status=to_status)
    case.status = to_status
    case.save(update_fields=["status", "updated_at", *extra_fields])
    record_event(
        case=case,
        actor=actor,
        action=action,
        from_status=from_status,
        note=note,
        is_public=is_public,
        now=now,
    )
    return case
