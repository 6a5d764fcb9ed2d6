"""好差评 on answered cases: the citizen's rating, the rectification (差评整改) a bad
rating opens, the department's appeal (申诉复核), and the list of answered cases
still waiting for a rating.

Only `feedback.services` writes these rows; docs/feedback.md gives the rules.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case


class CaseEvaluation(models.Model):
    """The citizen's rating of one answer (答复) to a case, on the national five
    levels. A reopened case answered again may be rated again: one rating per
    answer, so per (case, reply_round)."""

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 5, _("非常满意")
        SATISFIED = 4, _("满意")
        BASICALLY_SATISFIED = 3, _("基本满意")
        DISSATISFIED = 2, _("不满意")
        VERY_DISSATISFIED = 1, _("非常不满意")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("诉求"),
    )
    # Which answer was rated: 1 for the first reply, 2 for the reply after the first
    # 重新办理, and so on (the count of the case's reply events at rating time).
    reply_round = models.PositiveSmallIntegerField(
        _("答复轮次"),
        default=1,
        help_text=_("第几次答复。重新办理后再次答复，市民可对新的答复再评价一次。"),
    )
    # The department that answered, kept as it was at rating time: a case reopened
    # and transferred later does not move its rating to the new department.
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="case_evaluations",
        verbose_name=_("承办部门"),
    )
    level = models.PositiveSmallIntegerField(_("评价"), choices=Level.choices)
    comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("评价时间"))
    is_void = models.BooleanField(
        _("已作废"), default=False, help_text=_("申诉复核成立后作废，不再计入满意率。")
    )
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("诉求评价")
        verbose_name_plural = _("诉求评价（好差评）")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5),
                name="case_evaluation_level_1_to_5",
            ),
            # One vote each: two ratings of the same answer that race past the
            # service's check cannot both be stored.
            models.UniqueConstraint(
                fields=["case", "reply_round"], name="one_evaluation_per_reply_round"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "is_void", "level"]),
            # The back office's list, newest first, city-wide and per department.
            models.Index(fields=["-created_at", "-id"], name="evaluation_list_order"),
            models.Index(
                fields=["department", "-created_at", "-id"],
                name="evaluation_dept_list_order",
            ),
        ]

    def __str__(self):
        return f"{self.case.number} {self.get_level_display()}"


# 满意 and 非常满意 make the satisfaction rate; 不满意 and worse open a rectification.
SATISFIED_LEVELS = frozenset(
    {CaseEvaluation.Level.VERY_SATISFIED, CaseEvaluation.Level.SATISFIED}
)
RECTIFY_LEVELS = frozenset(
    {CaseEvaluation.Level.DISSATISFIED, CaseEvaluation.Level.VERY_DISSATISFIED}
)


class Rectification(models.Model):
    """差评整改: contact the citizen within a working day, finish within N."""

    evaluation = models.OneToOneField(
        CaseEvaluation,
        on_delete=models.CASCADE,
        related_name="rectification",
        verbose_name=_("诉求评价"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("整改部门"),
    )
    opened_at = models.DateTimeField(_("开始时间"))
    contact_due_at = models.DateTimeField(_("回访时限"))
    contacted_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回访人"),
    )
    contact_note = models.TextField(_("回访情况"), blank=True)
    due_at = models.DateTimeField(_("整改时限"))
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("完成人"),
    )
    result_note = models.TextField(_("整改情况"), blank=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["completed_at", "due_at"])]

    def __str__(self):
        return str(self.evaluation)

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class Appeal(models.Model):
    """申诉复核: the department believes a rating mistaken or malicious; a supervisor
    upholds the rating or voids it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待复核")
        UPHELD = "upheld", _("维持评价")
        VOIDED = "voided", _("评价作废")

    evaluation = models.ForeignKey(
        CaseEvaluation,
        on_delete=models.CASCADE,
        related_name="appeals",
        verbose_name=_("诉求评价"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("申诉部门"),
    )
    reason = models.TextField(_("申诉理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申诉人"),
    )
    requested_at = models.DateTimeField(_("申诉时间"))
    decision = models.CharField(
        _("复核结果"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复核人"),
    )
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    note = models.TextField(_("复核意见"), blank=True)

    class Meta:
        verbose_name = _("申诉复核")
        verbose_name_plural = _("申诉复核")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation"],
                condition=models.Q(decision="pending"),
                name="one_pending_appeal_per_evaluation",
            )
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.get_decision_display()}"


class UnratedCase(Case):
    """Answered cases still without a rating some days on, so that staff can invite
    the citizen to rate (a read-only list in the back office)."""

    class Meta:
        proxy = True
        verbose_name = _("待邀评诉求")
        verbose_name_plural = _("待邀评诉求")
