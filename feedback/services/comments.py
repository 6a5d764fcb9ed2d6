"""Citizens' impressions of departments and reviews of leaders, and their moderation.

One per target, browser and day: checked first for a friendly message, and enforced
by a unique constraint so that two simultaneous requests cannot both get in.
"""

from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from departments import selectors as department_selectors
from departments.models import Department, Leader
from feedback import selectors
from feedback.models import (
    DepartmentImpression,
    HideReason,
    ImpressionTag,
    LeaderReview,
    ModerationLog,
)
from feedback.models.comments import SCORE_KEPT_WHEN_HIDDEN, SCORE_RANGE
from feedback.services.rollups import impression_counted
from kernel.workdays import SHANGHAI

MAX_TAGS = 5
Status = DepartmentImpression.Status
Comment = DepartmentImpression | LeaderReview


def _check_score(score: int) -> None:
    if not (SCORE_RANGE[0] <= score <= SCORE_RANGE[1]):
        raise ValidationError({"score": _("评分须为 1 到 5 分。")})


def _vote_day(now: datetime) -> date | None:
    return now.astimezone(SHANGHAI).date() if settings.FEEDBACK_ONE_PER_DAY else None


def _active_tags(tag_ids: Sequence[int]) -> list[ImpressionTag]:
    wanted = set(tag_ids)
    if len(wanted) > MAX_TAGS:
        raise ValidationError(
            {"tags": _("最多选择 %(n)d 个印象标签。") % {"n": MAX_TAGS}}
        )
    tags = list(ImpressionTag.objects.filter(pk__in=wanted, is_active=True))
    if len(tags) != len(wanted):
        raise ValidationError({"tags": _("所选印象标签不存在或已停用。")})
    return tags


def _new_comment(
    model: type[Comment],
    *,
    target: dict,
    score: int,
    comment: str,
    device_hash: str,
    now: datetime,
    refused: str,
) -> Comment:
    """An unsaved impression or review of `target`, held when it contains a
    sensitive word; `refused` when this device already gave one today."""
    day = _vote_day(now)
    if (
        day is not None
        and model.objects.filter(
            **target, device_hash=device_hash, local_date=day
        ).exists()
    ):
        raise ValidationError(refused)
    held = selectors.find_sensitive_word(text=comment) is not None
    return model(
        **target,
        score=score,
        comment=comment,
        status=Status.HELD if held else Status.PUBLISHED,
        counts_in_average=not held,
        device_hash=device_hash,
        created_at=now,
        local_date=day,
    )


def _save_once(item: Comment, *, refused: str, tags=None) -> None:
    """Insert the comment (and its tags), and log the hold of a sensitive one; the
    unique constraint turns a same-day duplicate that raced past the check into
    the same refusal."""
    try:
        with transaction.atomic():
            item.save()
            _count_change(item, counted_before=False)
            if tags:
                item.tags.set(tags)
            if item.status == Status.HELD:
                _log(
                    item,
                    action=ModerationLog.Action.HOLD,
                    actor=None,
                    now=item.created_at,
                )
    except IntegrityError:
        raise ValidationError(refused) from None


def _count_change(item: Comment, *, counted_before: bool) -> None:
    """Step the impression roll-up when a save changed whether the score counts
    (leader reviews have no roll-up: their summaries are not per period)."""
    counted = item.counts_in_average
    if isinstance(item, DepartmentImpression) and counted != counted_before:
        impression_counted(impression=item, step=1 if counted else -1)


def _log(item: Comment, *, action: str, actor, now: datetime, reason="", note=""):
    target = (
        {"impression": item}
        if isinstance(item, DepartmentImpression)
        else {"review": item}
    )
    return ModerationLog.objects.create(
        **target, action=action, reason=reason, note=note, actor=actor, created_at=now
    )


def impression_submit(
    *,
    department: Department,
    score: int,
    tag_ids: Sequence[int] = (),
    comment: str = "",
    device_hash: str,
    now: datetime | None = None,
) -> DepartmentImpression:
    """Record a citizen's impression of an active department.

    Up to five active tags; a comment with a sensitive word is held for review (and
    its score not counted until published). One per department, device and day
    when FEEDBACK_ONE_PER_DAY is on; a second is refused with a ValidationError.
    """
    now = now or timezone.now()
    if not department.is_active:
        raise ValidationError({"department": _("该部门已停用，不能评价。")})
    _check_score(score)
    tags = _active_tags(tag_ids)
    comment = comment.strip()
    refused = _("同一部门每天只能评价一次，请明天再来。")
    impression = _new_comment(
        DepartmentImpression,
        target={"department": department},
        score=score,
        comment=comment,
        device_hash=device_hash,
        now=now,
        refused=refused,
    )
    _save_once(impression, refused=refused, tags=tags)
    return impression


def review_submit(
    *,
    leader: Leader,
    score: int,
    comment: str,
    device_hash: str,
    now: datetime | None = None,
) -> LeaderReview:
    """Record a citizen's review of an active leader of an active department.

    The comment is required; sensitive words hold it as for impressions, and the
    same one-per-day rule applies per leader.
    """
    now = now or timezone.now()
    if not (leader.is_active and leader.department.is_active):
        raise ValidationError({"leader": _("该领导干部信息已停用，不能点评。")})
    _check_score(score)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("请填写点评内容。")})
    refused = _("同一位领导每天只能点评一次，请明天再来。")
    review = _new_comment(
        LeaderReview,
        target={"leader": leader},
        score=score,
        comment=comment,
        device_hash=device_hash,
        now=now,
        refused=refused,
    )
    _save_once(review, refused=refused)
    return review


def _locked(item: Comment) -> Comment:
    items = type(item).objects.select_for_update(of=("self",))
    if isinstance(item, LeaderReview):
        items = items.select_related("leader")
    return items.get(pk=item.pk)


def _department_id(item: Comment) -> int:
    if isinstance(item, DepartmentImpression):
        return item.department_id
    return item.leader.department_id


def _require_moderator(actor, item: Comment) -> None:
    department_selectors.require_may_act_for(
        actor, _department_id(item), message=_("您只能审核本部门的评论。")
    )


def moderation_hide(
    *, actor, item: Comment, reason: str, note: str = "", now=None
) -> Comment:
    """Hide an impression or review (published or held) for one of `HideReason`.

    言辞不当 and 含个人信息 hide the words but keep counting the score; 刷票 and
    恶意评价 stop counting it. Staff of the item's department and supervisors only.
    """
    now = now or timezone.now()
    if reason not in HideReason.values:
        raise ValidationError({"reason": _("请选择隐藏原因。")})
    with transaction.atomic():
        locked = _locked(item)
        _require_moderator(actor, locked)
        if locked.status == Status.HIDDEN:
            raise ValidationError(_("该评论已隐藏。"))
        counted_before = locked.counts_in_average
        locked.status = Status.HIDDEN
        locked.hide_reason = reason
        locked.counts_in_average = reason in SCORE_KEPT_WHEN_HIDDEN
        locked.save(update_fields=["status", "hide_reason", "counts_in_average"])
        _count_change(locked, counted_before=counted_before)
        _log(
            locked,
            action=ModerationLog.Action.HIDE,
            actor=actor,
            now=now,
            reason=reason,
            note=note.strip(),
        )
    return locked


def moderation_restore(*, actor, item: Comment, note: str = "", now=None) -> Comment:
    """Publish a held comment, or restore a hidden one (a note is required then);
    either way its score counts again. Staff of its department and supervisors."""
    now = now or timezone.now()
    note = note.strip()
    with transaction.atomic():
        locked = _locked(item)
        _require_moderator(actor, locked)
        if locked.status == Status.PUBLISHED:
            raise ValidationError(_("该评论已是发布状态。"))
        if locked.status == Status.HIDDEN and not note:
            raise ValidationError({"note": _("请填写恢复理由。")})
        action = (
            ModerationLog.Action.PUBLISH
            if locked.status == Status.HELD
            else ModerationLog.Action.RESTORE
        )
        counted_before = locked.counts_in_average
        locked.status = Status.PUBLISHED
        locked.hide_reason = ""
        locked.counts_in_average = True
        locked.save(update_fields=["status", "hide_reason", "counts_in_average"])
        _count_change(locked, counted_before=counted_before)
        _log(locked, action=action, actor=actor, now=now, note=note)
    return locked
