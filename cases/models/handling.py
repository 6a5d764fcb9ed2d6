"""What a 12345 office keeps beside a case: the dispatch catalogue (派单目录),
co-handling departments (协办), callbacks (回访) and the escalation ladder's rungs.

Nothing here is written directly: `cases.services` does, through `step_take`, so
each change has its `CaseEvent`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case


class DispatchRule(models.Model):
    """One line of the 派单目录: a case matching it goes to `department`.

    Rules are tried in `sort_order`; the first that matches wins. A rule matches
    when its service type is the case's (if it names one) and one of its keywords
    occurs in the title or content (if it has any); a rule with neither never
    matches. No match: the city's dispatch centre (市级分拨).
    """

    name = models.CharField(_("名称"), max_length=100)
    sort_order = models.PositiveIntegerField(_("顺序"), default=100)
    active = models.BooleanField(_("启用"), default=True)
    service_type = models.ForeignKey(
        "departments.ServiceType",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("服务类型"),
    )
    keywords = models.TextField(
        _("关键词"),
        blank=True,
        help_text=_("每行一个，或用逗号、顿号分隔；标题或内容含其中之一即命中。"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("派至部门"),
    )
    marks_urgent = models.BooleanField(
        _("标记紧急"),
        default=False,
        help_text=_("命中本规则的诉求按紧急件办理（如燃气泄漏、人身安全）。"),
    )

    class Meta:
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单目录")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class CoHandling(models.Model):
    """A co-handling department (协办单位) of a case and its opinion (协办意见)."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="co_handlings",
        verbose_name=_("诉求"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("协办部门"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    invited_at = models.DateTimeField(_("发起时间"))
    due_at = models.DateTimeField(_("协办时限"))
    opinion = models.TextField(_("协办意见"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协办")
        verbose_name_plural = _("协办")
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "department"], name="one_co_handling_per_department"
            )
        ]

    def __str__(self):
        return f"{self.case.number} · {self.department}"


class CaseCallback(models.Model):
    """A callback (回访) after 办结: what the citizen said of the answer."""

    class Result(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY = "basically", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="callbacks",
        verbose_name=_("诉求"),
    )
    # The case's redo_count when called back: one callback per answer.
    round = models.PositiveSmallIntegerField(_("轮次"), default=0)
    result = models.CharField(_("回访结果"), max_length=20, choices=Result.choices)
    note = models.TextField(_("回访情况"), blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回访人"),
    )
    called_at = models.DateTimeField(_("回访时间"))

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["called_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="one_callback_per_answer"
            )
        ]

    def __str__(self):
        return f"{self.case.number} · {self.get_result_display()}"


class Escalation(models.Model):
    """One rung of the escalation ladder taken on a case, once per case, rung,
    subject and deadline: a new deadline (extension, 重办) starts a new ladder."""

    class Rung(models.TextChoices):
        URGE = "urge", _("催办")
        SUPERVISE = "supervise", _("督办")
        REPORT = "report", _("通报")

    class Subject(models.TextChoices):
        HANDLING = "handling", _("办理")
        SIGNING = "signing", _("签收")
        ASSIGNMENT = "assignment", _("指派承办人")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="escalations",
        verbose_name=_("诉求"),
    )
    rung = models.CharField(_("级别"), max_length=10, choices=Rung.choices)
    subject = models.CharField(_("事项"), max_length=12, choices=Subject.choices)
    deadline_at = models.DateTimeField(_("所涉时限"))
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("催督办记录")
        verbose_name_plural = _("催督办记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rung", "subject", "deadline_at"],
                name="one_escalation_per_rung_and_deadline",
            )
        ]

    def __str__(self):
        return f"{self.case.number} · {self.get_rung_display()}"
