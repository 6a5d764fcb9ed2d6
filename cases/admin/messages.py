"""The case page's 消息记录: every message the outbox holds about the case (to the
citizen and to staff), with the recipient masked, and the note staff see after
registering a case for a caller.

Rows come from `notifications.selectors.messages_about`; the case page is only
reached for a case in the user's scope (DepartmentScopedAdmin), so nobody sees
another department's messages."""

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.notices import about
from kernel.privacy import mask_phone
from notifications import selectors as notification_selectors
from notifications.events import EVENTS


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def case_message_rows(case) -> list[dict]:
    """The case's messages, newest first, as the page shows them (one query)."""
    return [
        {
            "event": str(EVENTS[m.event].label) if m.event in EVENTS else m.event,
            "channel": m.get_channel_display(),
            "recipient": m.recipient_masked,
            "status": m.get_status_display(),
            "status_key": m.status,
            "attempts": m.attempts,
            "created": _moment(m.created_at),
            "sent": _moment(m.sent_at),
            "error": m.last_error,
        }
        for m in notification_selectors.messages_about(about(case))
    ]


def registered_message(submitted, *, sms: bool) -> str:
    """What staff see once they registered a case: with SMS consent the caller
    gets the number and query code by SMS, so nobody reads a code aloud; without
    it, staff must tell the code (it is shown once)."""
    number = submitted.case.number
    if sms:
        return _(
            "已登记 %(number)s，登记编号和查询码已通过短信发送至 %(phone)s。"
            "如市民未收到，可告知查询码：%(code)s"
        ) % {
            "number": number,
            "phone": mask_phone(submitted.case.contact_phone),
            "code": submitted.query_code,
        }
    return _("已登记 %(number)s，请告知市民查询码：%(code)s") % {
        "number": number,
        "code": submitted.query_code,
    }
