"""好差评: the citizen rates each answer (答复) of a case once; a bad rating opens a
rectification (差评整改) for the department, which may appeal (申诉复核).

Deadlines are working days (kernel.workdays): contact the citizen by the end of
the next working day, finish within RECTIFICATION_DAYS working days.

Every state change writes a FeedbackEvent in its own transaction.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import selectors as case_selectors
from cases.models import Case
from cases.workflow import ANSWERED_FOR_RATING
from departments import selectors as department_selectors
from feedback import notices
from feedback.models import Appeal, CaseEvaluation, FeedbackEvent, Rectification
from feedback.models.evaluations import RECTIFY_LEVELS
from feedback.services.events import record_feedback_event
from feedback.services.permissions import require_may_request_appeal
from feedback.services.rollups import rating_counted
from kernel.workdays import add_workdays

Kind = FeedbackEvent.Kind


def evaluation_submit(
    *, case: Case, level: int, comment: str = "", now: datetime | None = None
) -> CaseEvaluation:
    """Record the citizen's rating of the current answer of an answered (已答复/
    已办结) case, once per answer: after a 重新办理 and a new reply the citizen may
    rate the new answer, and the earlier rating stays as it was.

    不满意 and 非常不满意 open a Rectification for the case's department in the
    same transaction. A case not yet answered (or reopened and not yet answered
    again), or whose current answer is already rated, is refused.
    """
    now = now or timezone.now()
    if level not in CaseEvaluation.Level.values:
        raise ValidationError({"level": _("请选择评价等级。")})
    already = _("您已评价过这次答复，每次答复只能评价一次。")
    try:
        with transaction.atomic():
            # The lock on the case orders this against a reply or a reopening.
            locked = case_selectors.case_locked(case_id=case.pk)
            reply_round = case_selectors.case_reply_round(case_id=locked.pk)
            if locked.status not in ANSWERED_FOR_RATING:
                raise ValidationError(
                    _("诉求正在重新办理，请在新的答复后再评价。")
                    if reply_round
                    else _("诉求答复后才能评价，请耐心等待办理结果。")
                )
            if CaseEvaluation.objects.filter(
                case=locked, reply_round=reply_round
            ).exists():
                raise ValidationError(already)
            evaluation = CaseEvaluation.objects.create(
                case=locked,
                reply_round=reply_round,
                department_id=locked.department_id,
                level=level,
                comment=comment.strip(),
                created_at=now,
            )
            rating_counted(evaluation=evaluation, step=1)
            # The citizen rates (no actor); the note names the answer rated, and
            # never repeats the citizen's comment.
            record_feedback_event(
                subject=evaluation,
                kind=Kind.RATED,
                actor=None,
                now=now,
                note=_("%(level)s（第 %(round)d 次答复）")
                % {"level": evaluation.get_level_display(), "round": reply_round},
            )
            if level in RECTIFY_LEVELS:
                rectification = Rectification.objects.create(
                    evaluation=evaluation,
                    department_id=locked.department_id,
                    opened_at=now,
                    contact_due_at=add_workdays(
                        start=now, days=settings.RECTIFICATION_CONTACT_DAYS
                    ),
                    due_at=add_workdays(start=now, days=settings.RECTIFICATION_DAYS),
                )
                record_feedback_event(
                    subject=rectification,
                    kind=Kind.RECTIFICATION_OPENED,
                    actor=None,
                    now=now,
                )
                # The department is told its 回访 is due, if this commits.
                notices.rectification_callback_notify(
                    rectification=rectification, now=now
                )
    except IntegrityError:
        # A second rating of the same answer that raced past the check hit the
        # unique (case, reply_round).
        raise ValidationError(already) from None
    return evaluation


def _locked_rectification(rectification: Rectification, actor) -> Rectification:
    locked = Rectification.objects.select_for_update().get(pk=rectification.pk)
    department_selectors.require_may_act_for(
        actor, locked.department_id, message=_("您只能办理本部门的差评整改。")
    )
    if not locked.is_open:
        raise ValidationError(_("该整改已完成。"))
    return locked


def rectification_contact(
    *, actor, rectification: Rectification, note: str, now: datetime | None = None
) -> Rectification:
    """Record the 回访: when and how the department contacted the citizen."""
    now = now or timezone.now()
    if not note.strip():
        raise ValidationError({"note": _("请填写回访情况。")})
    with transaction.atomic():
        locked = _locked_rectification(rectification, actor)
        if locked.contacted_at is not None:
            raise ValidationError(_("已记录过回访。"))
        locked.contacted_at = now
        locked.contacted_by = actor
        locked.contact_note = note.strip()
        locked.save(update_fields=["contacted_at", "contacted_by", "contact_note"])
        record_feedback_event(subject=locked, kind=Kind.CONTACTED, actor=actor, now=now)
    return locked


def rectification_complete(
    *, actor, rectification: Rectification, note: str, now: datetime | None = None
) -> Rectification:
    """Close the rectification with what was done; the 回访 must come first."""
    now = now or timezone.now()
    if not note.strip():
        raise ValidationError({"note": _("请填写整改情况。")})
    with transaction.atomic():
        locked = _locked_rectification(rectification, actor)
        if locked.contacted_at is None:
            raise ValidationError(_("请先记录回访情况，再填写整改结果。"))
        locked.completed_at = now
        locked.completed_by = actor
        locked.result_note = note.strip()
        locked.save(update_fields=["completed_at", "completed_by", "result_note"])
        record_feedback_event(subject=locked, kind=Kind.COMPLETED, actor=actor, now=now)
    return locked


def appeal_request(
    *, actor, evaluation: CaseEvaluation, reason: str, now: datetime | None = None
) -> Appeal:
    """The rated department asks a supervisor to void a rating it believes mistaken
    or malicious; one pending appeal per rating."""
    now = now or timezone.now()
    require_may_request_appeal(actor, evaluation)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写申诉理由。")})
    pending = _("该评价已有待复核的申诉。")
    try:
        with transaction.atomic():
            locked = CaseEvaluation.objects.select_for_update().get(pk=evaluation.pk)
            if locked.is_void:
                raise ValidationError(_("该评价已作废，无需申诉。"))
            if locked.appeals.filter(decision=Appeal.Decision.PENDING).exists():
                raise ValidationError(pending)
            appeal = Appeal.objects.create(
                evaluation=locked,
                department_id=locked.department_id,
                reason=reason.strip(),
                requested_by=actor,
                requested_at=now,
            )
            record_feedback_event(
                subject=appeal, kind=Kind.APPEAL_REQUESTED, actor=actor, now=now
            )
            return appeal
    except IntegrityError:
        raise ValidationError(pending) from None


def appeal_decide(
    *, actor, appeal: Appeal, void: bool, note: str = "", now: datetime | None = None
) -> Appeal:
    """A supervisor upholds the rating, or voids it: a void rating stops counting
    everywhere and its open rectification is closed as 申诉成立，评价作废."""
    now = now or timezone.now()
    department_selectors.require_supervisor(
        actor, message=_("只有督办人员可以复核申诉。")
    )
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.decision != Appeal.Decision.PENDING:
            raise ValidationError(_("该申诉已复核。"))
        locked.decision = Appeal.Decision.VOIDED if void else Appeal.Decision.UPHELD
        locked.decided_by = actor
        locked.decided_at = now
        locked.note = note.strip()
        locked.save(update_fields=["decision", "decided_by", "decided_at", "note"])
        record_feedback_event(
            subject=locked,
            kind=Kind.APPEAL_VOIDED if void else Kind.APPEAL_UPHELD,
            actor=actor,
            now=now,
        )
        if void:
            _void_rating(appeal=locked, actor=actor, now=now)
    return locked


def _void_rating(*, appeal: Appeal, actor, now: datetime) -> None:
    """The rating of a successful appeal stops counting, and its open rectification
    is closed; each change writes its event (inside appeal_decide's transaction).

    The lock on the pending appeal already orders this against other decisions
    and appeals of the rating; the rectification is locked against a concurrent
    整改结果, as rectification_complete locks it."""
    evaluation = CaseEvaluation.objects.get(pk=appeal.evaluation_id)
    was_counted = not evaluation.is_void
    evaluation.is_void = True
    evaluation.voided_at = now
    evaluation.save(update_fields=["is_void", "voided_at"])
    if was_counted:
        rating_counted(evaluation=evaluation, step=-1)
    record_feedback_event(subject=evaluation, kind=Kind.VOIDED, actor=actor, now=now)
    rectification = (
        Rectification.objects.select_for_update()
        .filter(evaluation_id=evaluation.pk, completed_at__isnull=True)
        .first()
    )
    if rectification is not None:
        rectification.completed_at = now
        rectification.completed_by = actor
        rectification.result_note = _("申诉成立，评价作废")
        rectification.save(
            update_fields=["completed_at", "completed_by", "result_note"]
        )
        record_feedback_event(
            subject=rectification, kind=Kind.CLOSED_BY_APPEAL, actor=actor, now=now
        )
