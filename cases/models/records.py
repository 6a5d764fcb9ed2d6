"""What grows around a case in the back office: extension requests, reply
templates, the contact-access log and the record of ledger exports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case


class ExtensionRequest(models.Model):
    """A department asks for more working days; a head or supervisor decides."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("已驳回")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("诉求"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申请人"),
    )
    requested_at = models.DateTimeField(_("申请时间"))
    days = models.PositiveSmallIntegerField(_("延期工作日"))
    reason = models.TextField(_("延期理由"))
    decision = models.CharField(
        _("审批结果"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(decision="pending"),
                name="one_pending_extension_per_case",
            )
        ]

    def __str__(self):
        return f"{self.case.number} +{self.days}"


class ReplyTemplate(models.Model):
    """Reply text a department reuses; heads keep them current."""

    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.CASCADE,
        related_name="reply_templates",
        verbose_name=_("部门"),
    )
    kind = models.CharField(_("诉求类型"), max_length=20, choices=Case.Kind.choices)
    title = models.CharField(_("名称"), max_length=50)
    body = models.TextField(_("答复内容"))
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("答复模板")
        verbose_name_plural = _("答复模板")
        ordering = ["department", "kind", "sort_order", "id"]

    def __str__(self):
        return self.title


class ContactAccess(models.Model):
    """Staff read a citizen's contact details on purpose: revealed them on the case
    page, or found the case by searching the full phone number or name."""

    class Kind(models.TextChoices):
        REVEAL = "reveal", _("查看完整联系方式")
        SEARCH = "search", _("按联系方式搜索")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="contact_accesses",
        verbose_name=_("诉求"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("查看人"),
    )
    accessed_at = models.DateTimeField(_("查看时间"))
    kind = models.CharField(
        _("方式"), max_length=10, choices=Kind.choices, default=Kind.REVEAL
    )
    # What was searched, masked like everywhere else (138****5678, 欧***).
    search = models.CharField(_("搜索内容"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("联系方式查看记录")
        verbose_name_plural = _("联系方式查看记录")
        ordering = ["-accessed_at"]

    def __str__(self):
        return f"{self.user} · {self.case.number}"


class LedgerExport(models.Model):
    """Every ledger export: who, when, which selection, how many rows; large ones
    are produced in the background and downloaded from here."""

    # Every kind's ledger, one sheet each, in one workbook.
    ALL_LEDGERS = "all"

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        # Finished, and the file deleted after LEDGER_EXPORT_KEEP_DAYS.
        EXPIRED = "expired", _("文件已过期删除")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导出人"),
        help_text=_("为空表示命令行定时导出。"),
    )
    created_at = models.DateTimeField(_("导出时间"), auto_now_add=True)
    ledger = models.CharField(
        _("台账"),
        max_length=20,
        choices=[*Case.Kind.choices, (ALL_LEDGERS, _("全部台账"))],
    )
    file_format = models.CharField(_("格式"), max_length=10)
    filters = models.JSONField(_("筛选条件"), default=dict)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    # A background export's progress, written by the worker every few thousand
    # rows, so that 台账导出记录 shows how far a million-row file has come.
    rows_expected = models.PositiveIntegerField(_("预计行数"), null=True, blank=True)
    rows_written = models.PositiveIntegerField(_("已写行数"), default=0)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.PENDING
    )
    file_name = models.CharField(_("文件"), max_length=200, blank=True)
    # `filters` is the case list's query string, from which the worker rebuilds
    # the selection (cases/admin/ledger_admin.py), with its search masked for the
    # record. The search as typed waits here for the worker, and is emptied once
    # the file is written or the export given up: it may be a phone or a name.
    pending_search = models.TextField(blank=True, editable=False)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账导出记录")
        verbose_name_plural = _("台账导出记录")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_ledger_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def has_file(self) -> bool:
        """Background exports leave a file to download; others were answered at once."""
        return self.state == self.State.DONE and self.file_name.startswith("ledger-")
