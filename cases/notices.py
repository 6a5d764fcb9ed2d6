"""What a case's events tell the citizen and the department's staff.

`case_event_notify` is called for every `CaseEvent` as it is written: by
`step_take` for each step and by `case_submit` for the first event, inside their
transaction. It writes messages to the outbox (`notifications.services.notify`),
which delivers them once the transaction commits: a step that rolls back sends
nothing. The occurrence of every message is the event's pk, so a retried
delivery, a second worker or a second call on the same event never sends twice.

The citizen is told by SMS to the contact phone, and only with `Case.sms_consent`
(PIPL): the citizen's own choice at submission, or the consent staff recorded on
the registration form for a caller, who is asked on the phone. Citizen messages
count towards NOTIFY_MAX_PER_DAY. A case keeps no WeChat openid, so no WeChat
message is sent for it (docs/cases.md).

| event                        | message            | params                         |
| ---------------------------- | ------------------ | ------------------------------ |
| submit (提交, 代为登记)       | case.registered    | number, query_code (secret)    |
| accept (受理)                 | case.accepted      | number, department             |
| transfer, dispatch (转办, 分派) | case.transferred | number, department (the new)   |
| extension_approve (批准延期)  | case.extended      | number, due_date               |
| reply (答复)                  | case.replied       | number, excerpt (≤ 20), url    |
| close (办结)                  | case.closed        | number                         |

A case that arrives at a department to be accepted (submit, transfer, dispatch)
also alerts that department's officers and heads (`staff.new_case`), each by the
channel of their `StaffContact`; staff alerts do not count towards the cap.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent
from departments import selectors as department_selectors
from notifications import selectors as notification_selectors
from notifications import services as notification_services

Action = CaseEvent.Action

# The citizen's message of each event, by the event's action.
CITIZEN_MESSAGES: dict[str, str] = {
    Action.SUBMIT: "case.registered",
    Action.ACCEPT: "case.accepted",
    Action.TRANSFER: "case.transferred",
    Action.DISPATCH: "case.transferred",
    Action.EXTENSION_APPROVE: "case.extended",
    Action.REPLY: "case.replied",
    Action.CLOSE: "case.closed",
}
# The events that give a department a case to accept.
NEW_CASE_ACTIONS = frozenset({Action.SUBMIT, Action.TRANSFER, Action.DISPATCH})
EXCERPT_LENGTH = 20
# SMS reach mobiles only; a landline (0531-…) gets no message.
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def about(case: Case) -> str:
    """The outbox's key of a case: its page lists the messages about it."""
    return f"cases.case:{case.pk}"


def may_text(case: Case) -> bool:
    """Whether the citizen may be sent SMS: consent, a name given, a mobile."""
    return bool(
        case.sms_consent
        and not case.is_anonymous
        and _MOBILE.match(case.contact_phone or "")
    )


def lookup_url(case: Case) -> str:
    """The H5 look-up page of the case (the citizen still types the code)."""
    return f"{settings.PORTAL_PUBLIC_URL}/#/lookup?number={case.number}"


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first `length` characters of a reply on one line, … when cut."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def case_event_notify(*, event: CaseEvent, query_code: str = "") -> None:
    """Queue what `event` tells the citizen and the staff (see the module).
    Call inside the transaction that wrote the event; `query_code` only with the
    first event, whose SMS carries it."""
    case = event.case
    message = CITIZEN_MESSAGES.get(event.action)
    if message and may_text(case):
        params = _citizen_params(message, case=case, event=event)
        secret = ()
        if message == "case.registered":
            params["query_code"] = query_code
            secret = ("query_code",)
        notification_services.notify(
            event=message,
            about=about(case),
            occurrence=str(event.pk),
            channel="sms",
            recipient=case.contact_phone,
            params=params,
            secret_params=secret,
            now=event.created_at,
        )
    if event.action in NEW_CASE_ACTIONS:
        new_case_alert(case=case, event=event)


def new_case_alert(*, case: Case, event: CaseEvent) -> int:
    """Tell the officers and heads of the case's (new) department that a case
    waits to be accepted; returns how many messages were queued."""
    staff = department_selectors.department_staff(department=case.department)
    users = {
        user.pk: user
        for users in staff.values()
        for user in users
        if user.is_active and user.pk != event.actor_id
    }
    queued = 0
    url = settings.PORTAL_PUBLIC_URL + reverse(
        "admin:cases_case_change", args=[case.pk]
    )
    for channel, recipient in notification_selectors.staff_recipients(users.values()):
        sent = notification_services.notify(
            event="staff.new_case",
            about=about(case),
            occurrence=str(event.pk),
            channel=channel,
            recipient=recipient,
            params={
                "number": case.number,
                "title": case.title,
                "department": case.department.name,
                "url": url,
            },
            counts_to_daily_cap=False,
            url=url,
            now=event.created_at,
        )
        queued += sent is not None
    return queued


def _citizen_params(message: str, *, case: Case, event: CaseEvent) -> dict:
    params = {"number": case.number}
    if message in {"case.accepted", "case.transferred"}:
        params["department"] = case.department.name
    elif message == "case.extended":
        params["due_date"] = timezone.localtime(case.due_at).strftime("%Y年%m月%d日")
    elif message == "case.replied":
        params["excerpt"] = excerpt(case.reply or event.note)
        params["url"] = lookup_url(case)
    return params
