"""What 好差评 tells people: the citizen is invited to rate an answer, and a
department is told that a 差评整改 needs its callback (回访).

- `rating_invite`: `case.invite_rating` (the number and a link to the look-up
  page) by SMS to a citizen who agreed to SMS (`cases.notices.may_text`) and on
  WeChat for a case from WeChat, once per answer: the occurrence is the answer's
  reply event, so staff inviting again, or the daily job after them, never
  sends a second one.
- `rating_invites_send`: the daily job, over the unrated invite list
  (`selectors.unrated_answered_cases`); `rating_invites_queue`: the admin's
  邀请评价 action on the selected cases of that list.
- `rectification_callback_notify`: `rectification.callback` to the officers and
  heads of the rectification's department, by their `StaffContact` channel, in
  the transaction that opens the rectification.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases import notices as case_notices
from cases import selectors as case_selectors
from cases.models import Case, CaseEvent
from departments import selectors as department_selectors
from feedback import selectors
from feedback.models import Rectification
from notifications import selectors as notification_selectors
from notifications import services as notification_services


def _answer_event_id(case: Case) -> int | None:
    return (
        # A merged case's answer is its main case's, given by MERGED_REPLY.
        CaseEvent.objects.filter(case=case, action__in=case_selectors.ANSWER_ACTIONS)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )


def rating_invite(*, case: Case, now=None) -> bool:
    """Invite the citizen to rate the case's current answer, by SMS (with
    consent) and on WeChat (a case from WeChat); True if a message was queued
    (False without either, or when this answer was already invited)."""
    answer = _answer_event_id(case)
    if answer is None:
        return False
    queued = case_notices.citizen_notify(
        case=case,
        message="case.invite_rating",
        occurrence=str(answer),
        params={"number": case.number, "url": case_notices.lookup_url(case)},
        now=now or timezone.now(),
    )
    return queued > 0


def _reachable() -> Q:
    return Q(sms_consent=True) | ~Q(wechat_openid_encrypted="")


def rating_invites_send(*, now=None) -> int:
    """The daily job: invite every citizen on the unrated list who may be told
    (SMS consent or WeChat); returns how many cases were invited."""
    now = now or timezone.now()
    queued = 0
    for case in selectors.unrated_answered_cases(now=now).filter(_reachable()):
        with transaction.atomic():
            queued += rating_invite(case=case, now=now)
    return queued


def rating_invites_queue(*, cases, now=None) -> tuple[int, int]:
    """邀请评价 from the admin: invite these cases' citizens now, with the daily
    job's message and its once-per-answer rule; returns (queued, skipped), a case
    skipped when already invited for this answer or its citizen cannot be told."""
    now = now or timezone.now()
    queued = 0
    cases = list(cases)
    for case in cases:
        with transaction.atomic():
            queued += rating_invite(case=case, now=now)
    return queued, len(cases) - queued


def rectification_callback_notify(*, rectification: Rectification, now=None) -> int:
    """Tell the department's officers and heads that a callback is due; call in
    the transaction that opened the rectification. Returns messages queued."""
    department = rectification.department
    case = rectification.evaluation.case
    staff = department_selectors.department_staff(department=department)
    users = {user.pk: user for qs in staff.values() for user in qs if user.is_active}
    queued = 0
    for channel, recipient in notification_selectors.staff_recipients(users.values()):
        message = notification_services.notify(
            event="rectification.callback",
            about=f"feedback.rectification:{rectification.pk}",
            occurrence=str(rectification.pk),
            channel=channel,
            recipient=recipient,
            params={"number": case.number, "department": department.name},
            counts_to_daily_cap=False,
            now=now or timezone.now(),
        )
        queued += message is not None
    return queued


def awaiting_callback_count(user, now) -> int:
    """Rectifications of the user's departments waiting for their 回访 (the
    daily digest's line, added in FeedbackConfig.ready)."""
    scope = department_selectors.scope_for(user)
    return selectors.rectifications_awaiting_contact(
        department_ids=scope.ids_or_none()
    ).count()
