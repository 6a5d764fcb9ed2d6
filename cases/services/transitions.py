"""Taking a step on a case: the one place a case's status changes.

`step_take` takes any step of `cases.workflow` (accept, reply, transfer, dispatch,
reopen, a note, ...): it checks the inputs the table requires, locks the case,
checks who acts and the status it starts from against the table, lets the step's
service change what else the step changes, moves the status, and writes the
`CaseEvent`, all in one transaction, with the messages the event sends
(`cases.notices`). `case_transition` performs the plain steps
(accept, reply, close, reject); the other services are in `staff.py`.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import notices, rollups, workflow
from cases.models import Case, CaseEvent
from kernel import workdays

Status = Case.Status

# The plain steps `case_transition` performs, and the moment each one stamps.
_PLAIN_STEPS = {
    "accept": "accepted_at",
    "reply": "replied_at",
    "close": "closed_at",
    "reject": "rejected_at",
}


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


def require_inputs(step: workflow.Step, inputs: Mapping[str, object]) -> None:
    """Refuse the step if an input the table requires is missing or invalid, naming
    each such input with the table's message."""
    errors = {
        requirement.field: [str(requirement.message)]
        for requirement in step.requires
        if not requirement.valid(inputs.get(requirement.field))
    }
    if errors:
        raise ValidationError(errors)


def step_take(
    *,
    step: str,
    case: Case,
    actor,
    inputs: Mapping[str, object] | None = None,
    note: str = "",
    apply: Callable[[Case], Iterable[str]] | None = None,
    to_department=None,
    refused: bool = False,
    check_guard: bool = True,
    now: datetime | None = None,
) -> CaseEvent:
    """Take `step` (a name in `cases.workflow.STEPS`) on `case`, as `actor`
    (`None`: the system), and return its event; `event.case` is the locked,
    updated case.

    In order: the table's required `inputs` (ValidationError naming each), then,
    under the case's lock, who acts (PermissionDenied), the status it starts from
    (ValidationError on "status", nothing changed) and the step's guard. Then
    `apply(locked)` makes the step's own changes and returns the fields it set;
    the status moves to the step's `to_status`, the case is saved with those
    fields, and the event is written with the table's publicity (or its
    `refused` outcome's, for a decision that went the other way). `to_department`
    marks a hand-over: the event records both departments.
    """
    definition = workflow.STEPS[step]
    require_inputs(definition, inputs or {})
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(case, with_department=to_department is not None)
        workflow.require_may_take(actor, definition, locked)
        from_status = locked.status
        if not definition.allows_from(from_status):
            raise ValidationError(
                {"status": workflow.refusal_message(definition, from_status)}
            )
        guard = definition.guard
        if check_guard and guard is not None and not guard.holds(locked):
            raise ValidationError({guard.field: str(guard.message)})
        from_department = locked.department if to_department is not None else None
        department_before = locked.department_id
        fields = list(apply(locked)) if apply else []
        if definition.to_status == workflow.PREVIOUS:
            # A refused return or an undone merge: back where the case was.
            locked.status = locked.status_before or Status.SUBMITTED
            locked.status_before = ""
            fields += ["status", "status_before"]
        elif definition.moves:
            locked.status = definition.to_status
            fields.append("status")
        if fields:
            locked.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
            # The dashboard's roll-ups, in this transaction (both departments'
            # buckets when the step moved the case).
            rollups.case_changed(
                case=locked,
                department_before=department_before
                if department_before != locked.department_id
                else None,
                fields=fields,
            )
        outcome = definition.refused if refused else None
        event = record_event(
            case=locked,
            actor=actor,
            action=outcome.action if outcome else definition.action,
            note=note,
            from_status=from_status,
            is_public=outcome.public if outcome else definition.public,
            from_department=from_department,
            to_department=to_department,
            now=now,
        )
        if event.action == CaseEvent.Action.SEND_BACK or (
            department_before != locked.department_id
        ):
            # Whom the case's 退单 credit (docs/dashboard.md, 退单率).
            rollups.send_backs_changed(case=locked)
        # In the step's transaction: a rolled-back step tells nobody.
        notices.case_event_notify(event=event)
        return event


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

    Replying needs the reply text, rejecting needs a reason; a move the workflow
    does not allow is refused with a ValidationError naming both statuses, and a
    user outside the case's department gets PermissionDenied.
    """
    step = workflow.step_for_status(to_status, tuple(_PLAIN_STEPS))
    if step is None:
        raise ValueError(f"{to_status} has its own service")
    now = now or timezone.now()
    timestamp_field = _PLAIN_STEPS[step.name]

    def apply(locked: Case) -> list[str]:
        setattr(locked, timestamp_field, now)
        if step.name == "reply":
            locked.reply = reply.strip()
            return [timestamp_field, "reply"]
        if step.name == "reject":
            locked.rejection_reason = reason.strip()
            return [timestamp_field, "rejection_reason"]
        if step.name == "close":
            # 回访 is due CALLBACK_DAYS working days after 办结 (services/callback.py).
            locked.callback_due_at = workdays.add_workdays(
                start=now, days=settings.CALLBACK_DAYS
            )
            return [timestamp_field, "callback_due_at"]
        return [timestamp_field]

    # The reply event keeps each answer's text: `reply` holds only the latest, and
    # a reopened case answered again must still show what it replaced.
    if step.name == "reply":
        note = note or reply.strip()
    if step.name == "reject":
        note = note or reason.strip()
    with transaction.atomic():
        event = step_take(
            step=step.name,
            case=case,
            actor=actor,
            inputs={"reply": reply, "reason": reason},
            note=note.strip(),
            apply=apply,
            now=now,
        )
        if step.name in {"reply", "close"}:
            # 并单: the cases merged into this one get its answer, in this transaction.
            from cases.services.merging import merged_cases_follow

            merged_cases_follow(main=event.case, event=event, now=now)
    return event.case


def _lock(case: Case, *, with_department: bool = False) -> Case:
    cases = Case.objects.select_for_update()
    if with_department:
        cases = cases.select_related("department")
    return cases.get(pk=case.pk)
