"""What a case's events tell the citizen and the staff.

`case_event_notify` is called for every `CaseEvent` as it is written: by
`step_take` for each step, by `case_submit` for the first event and by the routing
right after it, inside their transaction. It writes messages to the outbox
(`notifications.services.notify`), which delivers them once the transaction
commits: a step that rolls back sends nothing. The occurrence of every message is
the event's pk, so a retried delivery, a second worker or a second call on the
same event never sends twice.

The citizen is told by SMS to the contact phone, only with `Case.sms_consent`
(PIPL): the citizen's own choice at submission, or the consent staff recorded on
the registration form for a caller, who is asked on the phone. A case submitted
from WeChat (the session had an openid, notifications.wechat_oauth) keeps the
openid encrypted and every citizen message goes there too, as a subscription
message: WeChat itself delivers it only if the citizen subscribed, which is their
consent. Citizen messages count towards NOTIFY_MAX_PER_DAY, per recipient.

| event                        | message             | params                        |
| ---------------------------- | ------------------- | ----------------------------- |
| submit (提交, 代为登记)       | case.registered     | number, query_code (secret)   |
| accept (受理)                 | case.accepted       | number, department            |
| transfer, dispatch (转办, 分派) | case.transferred  | number, department (the new)  |
| extension_approve (批准延期)  | case.extended       | number, due_date              |
| reply (答复)                  | case.replied        | number, excerpt (≤ 20), url   |
| close (办结)                  | case.closed         | number                        |
| info_request (补充材料)       | case.info_requested | number, question, days, url   |
| resume by the system (逾期恢复) | case.resumed      | number                        |
| merged_reply (随主件答复)     | case.merged_replied | number, main_number, excerpt, url |
| redo (重办)                   | case.redo           | number, due_date              |
| split (拆分)                  | case.split          | number, numbers               |

A routed case's SUBMIT is followed by its ROUTE event, which tells the citizen
nothing: they get one registered message. What staff are told is in
`cases.notices_staff`.
"""

import re

from django.conf import settings
from django.utils import timezone

from cases import notices_staff
from cases.models import Case, CaseEvent
from notifications import crypto
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
    Action.INFO_REQUEST: "case.info_requested",
    Action.RESUME: "case.resumed",
    Action.MERGED_REPLY: "case.merged_replied",
    Action.REDO: "case.redo",
    Action.SPLIT: "case.split",
}
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


def openid_seal(openid: str) -> str:
    """`Case.wechat_openid_encrypted` of an openid ("" stays "")."""
    return crypto.encrypt(openid) if openid else ""


def wechat_openid(case: Case) -> str:
    """The case's WeChat openid in clear, or "" (none, erased, or an old key)."""
    if not case.wechat_openid_encrypted:
        return ""
    try:
        return crypto.decrypt(case.wechat_openid_encrypted)
    except ValueError:
        return ""


def citizen_recipients(case: Case) -> list[tuple[str, str]]:
    """(channel, clear recipient) the citizen is told on: SMS with consent, and
    WeChat when the case came with an openid."""
    recipients = []
    if may_text(case):
        recipients.append(("sms", case.contact_phone))
    if openid := wechat_openid(case):
        recipients.append(("wechat", openid))
    return recipients


def lookup_url(case: Case) -> str:
    """The H5 look-up page of the case (the citizen still types the code)."""
    return f"{settings.PORTAL_PUBLIC_URL}/#/lookup?number={case.number}"


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first `length` characters of a reply on one line, … when cut."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def day(moment) -> str:
    return timezone.localtime(moment).strftime("%Y年%m月%d日") if moment else ""


def citizen_notify(
    *,
    case: Case,
    message: str,
    occurrence: str,
    params: dict,
    secret_params: tuple[str, ...] = (),
    now=None,
) -> int:
    """Queue `message` to the citizen on each of `citizen_recipients`; returns how
    many were queued (0 without consent or openid, or when already queued)."""
    queued = 0
    for channel, recipient in citizen_recipients(case):
        sent = notification_services.notify(
            event=message,
            about=about(case),
            occurrence=occurrence,
            channel=channel,
            recipient=recipient,
            params=params,
            secret_params=secret_params,
            url=lookup_url(case) if channel == "wechat" else "",
            now=now,
        )
        queued += sent is not None
    return queued


def case_event_notify(*, event: CaseEvent, query_code: str = "") -> None:
    """Queue what `event` tells the citizen and the staff (see the module).
    Call inside the transaction that wrote the event; `query_code` only with the
    first event, whose SMS carries it."""
    case = event.case
    message = citizen_message(event)
    if message:
        params = _citizen_params(message, case=case, event=event)
        secret: tuple[str, ...] = ()
        if message == "case.registered":
            params["query_code"] = query_code
            secret = ("query_code",)
        citizen_notify(
            case=case,
            message=message,
            occurrence=str(event.pk),
            params=params,
            secret_params=secret,
            now=event.created_at,
        )
    notices_staff.staff_event_notify(event=event)


def citizen_message(event: CaseEvent) -> str:
    """The citizen's message of `event`, or "" for none."""
    # Staff resume when the citizen answered them (by phone): they know. The
    # system resumes when INFO_WAIT_DAYS passed without an answer: tell them.
    if event.action == Action.RESUME and event.actor_id is not None:
        return ""
    return CITIZEN_MESSAGES.get(event.action, "")


def _citizen_params(message: str, *, case: Case, event: CaseEvent) -> dict:
    params = {"number": case.number}
    if message in {"case.accepted", "case.transferred"}:
        params["department"] = case.department.name
    elif message in {"case.extended", "case.redo"}:
        params["due_date"] = day(case.due_at)
    elif message == "case.replied":
        params["excerpt"] = excerpt(case.reply or event.note)
        params["url"] = lookup_url(case)
    elif message == "case.info_requested":
        params["question"] = excerpt(case.info_question or event.note)
        params["days"] = str(settings.INFO_WAIT_DAYS)
        params["url"] = lookup_url(case)
    elif message == "case.merged_replied":
        main = case.merged_into
        params["main_number"] = main.number if main else ""
        params["excerpt"] = excerpt(
            case.reply or (main.reply if main else "") or event.note
        )
        params["url"] = lookup_url(case)
    elif message == "case.split":
        children = Case.objects.filter(parent=case).order_by("id")
        params["numbers"] = "、".join(children.values_list("number", flat=True))
    return params
