"""What a case's events tell the staff, each by the channel of their
`StaffContact` (e-mail by default), never counted towards the citizens' daily cap.
Called by `cases.notices.case_event_notify` for every event, in its transaction;
one message per event and person (the occurrence is the event's pk). Whoever took
the step is not told of it.

| event                                 | message          | to                        |
| ------------------------------------- | ---------------- | ------------------------- |
| submit, transfer, dispatch; route to a department | staff.new_case | its officers and heads |
| route to the dispatch centre (待分拨)  | staff.to_dispatch | the dispatchers (分拨员) |
| send_back (退单)                       | staff.returned   | the dispatchers           |
| assign (指定承办人)                    | staff.assigned   | the assignee              |
| info_supply (市民补充材料)             | staff.info_supplied | the assignee, else the officers |
| co_handle_invite (发起协办)            | staff.co_handle  | the invited departments' officers and heads |
| urge, supervise, report (催办/督办/通报) | staff.escalated | the assignee (else the officers) and the heads; at the dispatch centre, the dispatchers |

A SUBMIT at the dispatch centre alerts nobody: the ROUTE event written right after
it says where the case went, so each case is announced once.

The new-case alert goes to every officer and head of a department, an encrypted
outbox row each: the event's transaction (a submission's, on the hot path)
writes one task row instead (`cases.tasks.new_case_alert_send`, with the
department the case went to), and the tasks worker writes the messages.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases import tasks
from cases.models import Case, CaseEvent, CoHandling, Escalation
from departments import selectors as department_selectors
from notifications import selectors as notification_selectors
from notifications import services as notification_services

Action = CaseEvent.Action

# The events that give a department a case to sign for and accept.
NEW_CASE_ACTIONS = frozenset({Action.SUBMIT, Action.TRANSFER, Action.DISPATCH})
ESCALATION_ACTIONS = frozenset({Action.URGE, Action.SUPERVISE, Action.REPORT})


def staff_event_notify(*, event: CaseEvent) -> int:
    """Queue what `event` tells the staff (see the module); returns how many."""
    case = event.case
    action = event.action
    if action in NEW_CASE_ACTIONS and not _at_dispatch_center(case):
        return new_case_alert(case=case, event=event)
    if action == Action.ROUTE:
        if _at_dispatch_center(case):
            return _tell(
                department_selectors.dispatcher_users(), "staff.to_dispatch", event
            )
        return new_case_alert(case=case, event=event)
    if action == Action.SEND_BACK:
        return _tell(
            department_selectors.dispatcher_users(),
            "staff.returned",
            event,
            reason=event.note,
        )
    if action == Action.ASSIGN and case.assignee_id:
        return _tell([case.assignee], "staff.assigned", event)
    if action == Action.INFO_SUPPLY:
        return _tell(_handlers(case), "staff.info_supplied", event)
    if action == Action.CO_HANDLE_INVITE:
        return co_handle_alert(case=case, event=event)
    if action in ESCALATION_ACTIONS:
        rung, deadline = _rung_and_deadline(case, event)
        # A case still in the city's queue is the dispatchers' to place.
        told = (
            list(department_selectors.dispatcher_users())
            if _at_dispatch_center(case)
            else [*_handlers(case), *_staff_of(case.department, "head")]
        )
        return _tell(
            told,
            "staff.escalated",
            event,
            rung=rung,
            deadline=deadline,
        )
    return 0


def new_case_alert(*, case: Case, event: CaseEvent) -> int:
    """Have the tasks worker tell the officers and heads of the case's (new)
    department that a case waits to be signed for and accepted (see the
    module); returns how many were queued now: none, unless the tasks run at
    once (tests, ImmediateBackend)."""
    result = tasks.new_case_alert_send.enqueue(
        event_id=event.pk, department_id=case.department_id
    )
    return result.return_value if result.is_finished else 0


def new_case_alert_write(*, event_id: int, department_id: int) -> int:
    """The messages of `new_case_alert`, to the members of `department_id` (the
    department the case went to by that event, wherever it is now); returns
    how many were queued. Nothing for an event that is gone (its case deleted)."""
    event = (
        CaseEvent.objects.select_related("case", "case__department")
        .filter(pk=event_id)
        .first()
    )
    department = department_selectors.get_department(department_id=department_id)
    if event is None or department is None:
        return 0
    staff = department_selectors.department_members(department_id=department_id)
    return _tell(staff, "staff.new_case", event, department=department.name)


def co_handle_alert(*, case: Case, event: CaseEvent) -> int:
    """Tell the officers and heads of each department this event invited."""
    pending = CoHandling.objects.filter(case=case, answered_at=None).select_related(
        "department"
    )
    # The rows the step created share its moment; a service that stamped them
    # otherwise still has every department waiting told (once per event).
    invited = [c for c in pending if c.invited_at == event.created_at] or list(pending)
    queued = 0
    for co_handling in invited:
        staff = department_selectors.department_staff(department=co_handling.department)
        queued += _tell(
            [*staff["officer"], *staff["head"]],
            "staff.co_handle",
            event,
            co_department=co_handling.department.name,
            due_date=_moment(co_handling.due_at),
        )
    return queued


def case_admin_url(case: Case) -> str:
    return settings.PORTAL_PUBLIC_URL + reverse(
        "admin:cases_case_change", args=[case.pk]
    )


def _at_dispatch_center(case: Case) -> bool:
    return bool(getattr(case.department, "is_dispatch_center", False))


def _staff_of(department, role: str) -> list:
    return list(department_selectors.department_staff(department=department)[role])


def _handlers(case: Case) -> list:
    """The case's 承办人, or, unassigned, the department's officers."""
    if case.assignee_id and case.assignee.is_active:
        return [case.assignee]
    return _staff_of(case.department, "officer")


def _rung_and_deadline(case: Case, event: CaseEvent) -> tuple[str, str]:
    """The rung's label and the deadline it is about: the escalation job's own
    record (signing, assignment or handling), else the case's due date."""
    escalation = (
        Escalation.objects.filter(case=case, rung=event.action)
        .order_by("-created_at", "-id")
        .first()
    )
    label = str(Action(event.action).label)
    if escalation is not None and escalation.created_at == event.created_at:
        label = f"{label}（{escalation.get_subject_display()}）"
        return label, _moment(escalation.deadline_at)
    return label, _moment(case.due_at)


def _moment(moment) -> str:
    return timezone.localtime(moment).strftime("%Y年%m月%d日%H:%M") if moment else ""


def _tell(users, message: str, event: CaseEvent, **extra: str) -> int:
    """Queue `message` about the event's case to each active user but its actor."""
    case = event.case
    wanted = {
        user.pk: user
        for user in users
        if user is not None and user.is_active and user.pk != event.actor_id
    }
    url = case_admin_url(case)
    params = {
        "number": case.number,
        "title": case.title,
        "department": case.department.name,
        "url": url,
        **extra,  # a new case's department: where that event sent it
    }
    queued = 0
    for channel, recipient in notification_selectors.staff_recipients(wanted.values()):
        sent = notification_services.notify(
            event=message,
            about=f"cases.case:{case.pk}",
            occurrence=str(event.pk),
            channel=channel,
            recipient=recipient,
            params=params,
            counts_to_daily_cap=False,
            url=url,
            now=event.created_at,
        )
        queued += sent is not None
    return queued
