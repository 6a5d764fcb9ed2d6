"""The history of 好差评: one row for every state change of a rating, its
rectification (差评整改) or an appeal (申诉复核), written by `feedback.services`
in the same transaction as the change (moderation of comments keeps its own
`ModerationLog`).

The note is composed by the service, never copied from what people typed: the
citizen's comment and the staff's 回访情况, 整改情况, 申诉理由 and 复核意见 may
name the citizen, and they stay on their own rows, so that personal data has one
home.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from feedback.models.evaluations import Appeal, CaseEvaluation, Rectification


class FeedbackEvent(models.Model):
    """One state change of a rating, a rectification or an appeal: which, what,
    who and when."""

    class Kind(models.TextChoices):
        RATED = "rated", _("市民评价")
        VOIDED = "voided", _("评价作废")
        RECTIFICATION_OPENED = "rectification_opened", _("开始整改")
        CONTACTED = "contacted", _("记录回访")
        COMPLETED = "completed", _("填写整改结果")
        CLOSED_BY_APPEAL = "closed_by_appeal", _("申诉成立，整改关闭")
        APPEAL_REQUESTED = "appeal_requested", _("申请申诉复核")
        APPEAL_UPHELD = "appeal_upheld", _("复核：维持评价")
        APPEAL_VOIDED = "appeal_voided", _("复核：评价作废")

    # What the event is about: exactly one of the three. The indexes below lead
    # with each of them, so the foreign keys need no index of their own.
    evaluation = models.ForeignKey(
        CaseEvaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="events",
        verbose_name=_("诉求评价"),
    )
    rectification = models.ForeignKey(
        Rectification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="events",
        verbose_name=_("差评整改"),
    )
    appeal = models.ForeignKey(
        Appeal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="events",
        verbose_name=_("申诉复核"),
    )
    kind = models.CharField(_("事项"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
        help_text=_("为空表示市民本人或系统。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("评价处理记录")
        verbose_name_plural = _("评价处理记录")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        evaluation__isnull=False,
                        rectification__isnull=True,
                        appeal__isnull=True,
                    )
                    | models.Q(
                        evaluation__isnull=True,
                        rectification__isnull=False,
                        appeal__isnull=True,
                    )
                    | models.Q(
                        evaluation__isnull=True,
                        rectification__isnull=True,
                        appeal__isnull=False,
                    )
                ),
                name="feedback_event_one_subject",
            )
        ]
        # "The events of this rating (rectification, appeal) in time order".
        indexes = [
            models.Index(
                fields=[subject, "created_at"], name=f"fb_event_{subject}_time"
            )
            for subject in ("evaluation", "rectification", "appeal")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def subject(self) -> CaseEvaluation | Rectification | Appeal:
        return self.evaluation or self.rectification or self.appeal
