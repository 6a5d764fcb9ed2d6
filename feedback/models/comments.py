"""What citizens say about departments (市民印象) and leaders (领导点评), and the
moderation of it.

A comment is published at once unless it contains a sensitive word, in which case it
is held for review. Staff may hide or restore it; every such change writes a
`ModerationLog` row. `counts_in_average` decides whether its score is counted, and
only `feedback.services` sets it (docs/feedback.md gives the rule).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE_RANGE = (1, 5)


class ImpressionTag(models.Model):
    """An impression a citizen may pick (办事高效, 等待时间长, ...); admin-managed."""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("印象标签")
        verbose_name_plural = _("印象标签")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class SensitiveWord(models.Model):
    """A word that holds a comment for review (matched case-insensitively)."""

    word = models.CharField(_("敏感词"), max_length=50, unique=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["word"]

    def __str__(self):
        return self.word


class HideReason(models.TextChoices):
    IMPROPER = "improper", _("言辞不当")
    PERSONAL_INFO = "personal_info", _("含个人信息")
    VOTE_STUFFING = "vote_stuffing", _("刷票")
    MALICIOUS = "malicious", _("恶意评价")


# Hidden for its words, the citizen's score is still a real opinion and keeps
# counting; hidden as a fake or malicious vote, it does not.
SCORE_KEPT_WHEN_HIDDEN = frozenset({HideReason.IMPROPER, HideReason.PERSONAL_INFO})


class ModeratedComment(models.Model):
    """Fields shared by impressions and leader reviews."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("已发布")
        HELD = "held", _("待审核")
        HIDDEN = "hidden", _("已隐藏")

    score = models.PositiveSmallIntegerField(
        _("评分"),
        validators=[
            MinValueValidator(SCORE_RANGE[0]),
            MaxValueValidator(SCORE_RANGE[1]),
        ],
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        editable=False,
    )
    hide_reason = models.CharField(
        _("隐藏原因"),
        max_length=20,
        choices=HideReason.choices,
        blank=True,
        editable=False,
    )
    counts_in_average = models.BooleanField(
        _("计入评分"),
        default=True,
        editable=False,
        help_text=_("待审核和因刷票、恶意评价隐藏的评分不计入平均分。"),
    )
    # sha256 of the browser's device id (from the signed cookie), never the cookie.
    device_hash = models.CharField(_("设备标识摘要"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("提交时间"), editable=False)
    # The Asia/Shanghai day the one-per-day rule counts this vote against; empty when
    # FEEDBACK_ONE_PER_DAY is off (unique constraints treat empty values as distinct).
    local_date = models.DateField(_("提交日期"), null=True, editable=False)

    # Never filtered on in an admin list (kernel/admin_privacy.py): a lookup on the
    # digest would tie one citizen's anonymous comments together.
    personal_fields = ("device_hash",)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    score__gte=SCORE_RANGE[0], score__lte=SCORE_RANGE[1]
                ),
                name="%(app_label)s_%(class)s_score_1_to_5",
            )
        ]

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class DepartmentImpression(ModeratedComment):
    """市民印象: a citizen's score, tags and short comment on a department."""

    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="impressions",
        verbose_name=_("部门"),
    )
    tags = models.ManyToManyField(
        ImpressionTag, blank=True, related_name="impressions", verbose_name=_("印象")
    )
    comment = models.CharField(_("留言"), max_length=200, blank=True)

    class Meta(ModeratedComment.Meta):
        verbose_name = _("市民印象")
        verbose_name_plural = _("市民印象")
        ordering = ["-created_at", "-id"]
        constraints = [
            *ModeratedComment.Meta.constraints,
            models.UniqueConstraint(
                fields=["department", "device_hash", "local_date"],
                name="one_impression_per_department_device_day",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "counts_in_average", "score"]),
            models.Index(fields=["department", "status", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.department} · {self.score}"


class LeaderReview(ModeratedComment):
    """领导点评: a citizen's score and comment on a leader."""

    leader = models.ForeignKey(
        "departments.Leader",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("领导干部"),
    )
    comment = models.CharField(_("点评内容"), max_length=500)

    class Meta(ModeratedComment.Meta):
        verbose_name = _("领导点评")
        verbose_name_plural = _("领导点评")
        ordering = ["-created_at", "-id"]
        constraints = [
            *ModeratedComment.Meta.constraints,
            models.UniqueConstraint(
                fields=["leader", "device_hash", "local_date"],
                name="one_review_per_leader_device_day",
            ),
        ]
        indexes = [
            models.Index(fields=["leader", "counts_in_average", "score"]),
            models.Index(fields=["leader", "status", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.leader} · {self.score}"


class ModerationLog(models.Model):
    """One moderation step on an impression or a review; supervisors read them."""

    class Action(models.TextChoices):
        HOLD = "hold", _("敏感词待审")
        PUBLISH = "publish", _("审核发布")
        HIDE = "hide", _("隐藏")
        RESTORE = "restore", _("恢复")

    impression = models.ForeignKey(
        DepartmentImpression,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_log",
        verbose_name=_("市民印象"),
    )
    review = models.ForeignKey(
        LeaderReview,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_log",
        verbose_name=_("领导点评"),
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    reason = models.CharField(
        _("隐藏原因"), max_length=20, choices=HideReason.choices, blank=True
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
        help_text=_("为空表示系统（敏感词自动拦截）。"),
    )
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("评论审核记录")
        verbose_name_plural = _("评论审核记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impression__isnull=False, review__isnull=True)
                | models.Q(impression__isnull=True, review__isnull=False),
                name="moderation_log_one_target",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def item(self):
        return self.impression or self.review
