"""分拨 and 签收: routing a new case by the 派单目录, dispatching from the city's
queue, reviewing a 退单, signing for a case, marking it urgent. (issue 18)

Each step is an entry of `cases.workflow` taken through `step_take`; routing is
the system's own move right after submission and writes its ROUTE event here.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import notices
from cases.models import Case, CaseEvent
from cases.routing import route_for
from cases.services.submission import reply_days_for
from cases.services.transitions import record_event, step_take
from departments import selectors as department_selectors
from departments import services as department_services
from kernel import workdays

Status = Case.Status


def sign_due_from(now: datetime) -> datetime:
    """When a department must have signed for a case it received at `now`."""
    return workdays.add_working_hours(start=now, hours=settings.SIGN_FOR_HOURS)


def urgent_due_at(case: Case, *, now: datetime) -> datetime:
    """An urgent case's due date: CASE_URGENT_HOURS working hours from now, unless
    its own limit is already shorter."""
    urgent = workdays.add_working_hours(start=now, hours=settings.CASE_URGENT_HOURS)
    return min(case.due_at, urgent) if case.due_at else urgent


def hand_to(case: Case, target, *, now, keep_service_type: bool) -> list[str]:
    """Give a case to `target` to sign for and accept anew, with a fresh due date
    (transfer and dispatch); a service type of another department cannot come
    along, and nobody of the sender stays its handler."""
    case.department = target
    if not keep_service_type or (
        case.service_type and case.service_type.window.department_id != target.pk
    ):
        case.service_type = None
    case.accepted_at = None
    case.due_at = workdays.add_workdays(
        start=now, days=reply_days_for(kind=case.kind, service_type=case.service_type)
    )
    if case.is_urgent:
        case.due_at = urgent_due_at(case, now=now)
    case.sign_due_at, case.signed_at = sign_due_from(now), None
    case.assignee = None
    case.status_before = ""
    # The status itself is the step's (`to_status` in the table).
    return [
        "department",
        "service_type",
        "accepted_at",
        "due_at",
        "sign_due_at",
        "signed_at",
        "assignee",
        "status_before",
    ]


def case_route(
    *, case: Case, now: datetime | None = None, notify: bool = True
) -> CaseEvent:
    """Route a just-submitted case that named no department (called by case_submit,
    in its transaction): to the first matching rule's department, which must sign
    for it, or to the dispatch centre's queue (待分拨). `notify=False` leaves the
    ROUTE event's notices to the caller (case_submit queues them once the case
    has its number)."""
    now = now or timezone.now()
    decision = route_for(
        title=case.title, content=case.content, service_type_id=case.service_type_id
    )
    from_status = case.status
    case.routed_by = decision.rule
    if decision.is_urgent:
        case.is_urgent = True
        case.due_at = urgent_due_at(case, now=now)
    if decision.department is not None:
        case.department = decision.department
        if case.service_type and case.service_type.window.department_id != (
            decision.department.pk
        ):
            case.service_type = None
        case.sign_due_at = sign_due_from(now)
        case.status = Status.SUBMITTED
        note = _("按派单目录“%(rule)s”派至%(name)s") % {
            "rule": decision.rule.name,
            "name": decision.department.name,
        }
    else:
        case.department = department_services.dispatch_center()
        case.status = Status.DISPATCHING
        note = _("派单目录未命中，转市级分拨")
    if decision.is_urgent:
        note = _("%(note)s（按规则标记紧急）") % {"note": note}
    case.save(
        update_fields=[
            "routed_by",
            "is_urgent",
            "due_at",
            "department",
            "service_type",
            "sign_due_at",
            "status",
            "updated_at",
        ]
    )
    event = record_event(
        case=case,
        actor=None,
        action=CaseEvent.Action.ROUTE,
        note=note,
        from_status=from_status,
        is_public=False,
        to_department=case.department,
        now=now,
    )
    if notify:
        notices.case_event_notify(event=event)
    return event


def case_dispatch(*, case: Case, to_department_id: int, actor, note: str = "") -> Case:
    """分派: a dispatcher places a case of the city's queue, or accepts a 退单 and
    places it anew; the department must sign for it within SIGN_FOR_HOURS."""
    target = (
        department_selectors.get_active_department(department_id=to_department_id)
        if to_department_id
        else None
    )
    now = timezone.now()
    if target is not None:  # a missing target is refused by step_take
        note = note.strip() or _("分派至%(name)s办理") % {"name": target.name}

    def apply(locked: Case) -> list[str]:
        if locked.status == Status.RETURNED and target.pk == locked.department_id:
            raise ValidationError(
                {"to_department": _("该部门已退回此诉求，请分派给其他部门或驳回退单。")}
            )
        return hand_to(locked, target, now=now, keep_service_type=False)

    event = step_take(
        step="dispatch",
        case=case,
        actor=actor,
        inputs={"to_department": target},
        note=note,
        apply=apply,
        to_department=target,
        now=now,
    )
    return event.case


def case_send_back(*, case: Case, actor, reason: str, basis: str = "") -> Case:
    """退单: not this department's business; it says why and on what basis (the
    responsibility list), and the case waits for a dispatcher's review."""
    note = _("退回理由：%(reason)s；退单依据：%(basis)s") % {
        "reason": (reason or "").strip(),
        "basis": (basis or "").strip(),
    }

    def apply(locked: Case) -> list[str]:
        # Where a refused return puts the case back (`PREVIOUS`).
        locked.status_before = locked.status
        return ["status_before"]

    return step_take(
        step="send_back",
        case=case,
        actor=actor,
        inputs={"reason": reason, "basis": basis},
        note=note,
        apply=apply,
    ).case


def case_return_refuse(*, case: Case, actor, reason: str) -> Case:
    """驳回退单: the return was not justified; the case goes back to its department
    and status, its due date unchanged (the clock kept running)."""
    return step_take(
        step="return_refuse",
        case=case,
        actor=actor,
        inputs={"reason": reason},
        note=_("驳回退单：%(reason)s") % {"reason": (reason or "").strip()},
    ).case


def case_sign(*, case: Case, actor, note: str = "") -> Case:
    """签收: the department acknowledges a case it was given; accepting comes after."""
    now = timezone.now()

    def apply(locked: Case) -> list[str]:
        locked.signed_at = now
        return ["signed_at"]

    return step_take(
        step="sign",
        case=case,
        actor=actor,
        inputs={"note": note},
        note=(note or "").strip(),
        apply=apply,
        now=now,
    ).case


def case_mark_urgent(*, case: Case, actor, reason: str) -> Case:
    """紧急: answered within CASE_URGENT_HOURS working hours, listed first."""
    now = timezone.now()

    def apply(locked: Case) -> list[str]:
        locked.is_urgent = True
        locked.due_at = urgent_due_at(locked, now=now)
        return ["is_urgent", "due_at"]

    return step_take(
        step="urgent",
        case=case,
        actor=actor,
        inputs={"reason": reason},
        note=(reason or "").strip(),
        apply=apply,
        now=now,
    ).case
