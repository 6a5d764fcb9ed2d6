"""A survey (微调研) or a poll (微投票: one question, live results after voting),
its questions and options, and the responses.

A response carries only a keyed hash of who answered (the device id's or the
phone's), never the device or the number: results never show who answered, and
the unique constraint on (survey, voter) is what keeps it to one each, under
concurrency too. Only `surveys.services` writes these rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    class Kind(models.TextChoices):
        SURVEY = "survey", _("微调研")
        POLL = "poll", _("微投票")

    class Audience(models.TextChoices):
        DEVICE = "device", _("每台设备一次")
        PHONE = "phone", _("每个手机号一次（短信验证）")

    kind = models.CharField(
        _("类型"), max_length=10, choices=Kind.choices, default=Kind.SURVEY
    )
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("发起部门"),
        help_text=_("留空为全市调研，由督办人员发起。"),
    )
    audience = models.CharField(
        _("谁可以参与"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.DEVICE,
    )
    results_public = models.BooleanField(_("公开结果"), default=False)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))
    closed_early_at = models.DateTimeField(
        _("提前结束于"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("调研投票")
        verbose_name_plural = _("调研投票")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
                violation_error_message=_("结束时间须晚于开始时间。"),
            )
        ]

    def __str__(self):
        return self.title

    def is_open(self, now) -> bool:
        return self.opens_at <= now < self.closes_at and self.closed_early_at is None


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")
        RATING = "rating", _("1–5 分")
        TEXT = "text", _("简答")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(
        _("题型"), max_length=10, choices=Kind.choices, default=Kind.SINGLE
    )
    text = models.CharField(_("题目"), max_length=200)
    required = models.BooleanField(_("必答"), default=True)
    options = models.TextField(
        _("选项"), blank=True, help_text=_("单选、多选题每行一个选项。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Response(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses"
    )
    voter = models.CharField(max_length=64, editable=False)  # keyed hash
    created_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "voter"], name="survey_one_response_each"
            )
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    choices = models.JSONField(default=list, blank=True)  # option indexes
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)
    # A short text holding a sensitive word waits for a moderator, out of results.
    held = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"
