"""A notice (政务动态, 通知公告, 政策文件, 政策解读), its pictures and its history.

The body is written in Markdown and kept with its sanitised HTML, rendered once on
every save by `notices.services` (notices/rendering.py); nobody else writes these
rows. The cover enters through `kernel.images` with a 640×360 rendition.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("政务动态")
        NOTICE = "notice", _("通知公告")
        POLICY = "policy", _("政策文件")
        INTERPRETATION = "interpretation", _("政策解读")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待审核")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=100)
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    body = models.TextField(
        _("正文（Markdown）"), help_text=_("支持 Markdown；链接和图片只能指向本站。")
    )
    body_html = models.TextField(editable=False, default="")
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="notices",
        null=True,
        blank=True,
        verbose_name=_("发布部门"),
        help_text=_("留空为全市信息，由督办人员发布。"),
    )
    interprets = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpretations",
        limit_choices_to={"kind": "policy"},
        verbose_name=_("解读的政策文件"),
    )
    cover = models.ImageField(
        _("封面"), upload_to="notices/covers/%Y/%m/", editable=False, blank=True
    )
    cover_640 = models.ImageField(
        upload_to="notices/covers/%Y/%m/", editable=False, blank=True
    )
    publish_at = models.DateTimeField(_("发布时间"), help_text=_("到时自动发布。"))
    withdraw_at = models.DateTimeField(_("下线时间"), null=True, blank=True)
    pinned = models.BooleanField(_("置顶"), default=False)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    view_count = models.PositiveIntegerField(_("浏览次数"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("撰稿人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政务信息")
        verbose_name_plural = _("政务信息")
        ordering = ["-pinned", "-publish_at", "-id"]
        indexes = [
            # The public list: published, pinned first, newest first.
            models.Index(
                fields=["-pinned", "-publish_at", "-id"],
                condition=Q(status="published"),
                name="notice_public_order",
            ),
            models.Index(
                fields=["department", "-publish_at"], name="notice_department"
            ),
        ]

    def __str__(self):
        return self.title


class NoticeEvent(models.Model):
    """One step of a notice (submitted, approved, published, withdrawn, edited)."""

    class Action(models.TextChoices):
        SAVE = "save", _("保存")
        SUBMIT = "submit", _("提交审核")
        APPROVE = "approve", _("审核通过")
        PUBLISH = "publish", _("发布")
        WITHDRAW = "withdraw", _("撤回")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信息记录")
        verbose_name_plural = _("信息记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.notice_id} {self.action}"


class NoticeImage(models.Model):
    """A picture attached to a notice, shown under its body (and usable in the
    Markdown by its address); through `kernel.images` like every upload."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("图片"), upload_to="notices/images/%Y/%m/", editable=False
    )
    image_960 = models.ImageField(upload_to="notices/images/%Y/%m/", editable=False)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("信息附图")
        verbose_name_plural = _("信息附图")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.caption or self.image.name
