"""Service posters (the carousel on the H5 home page) and the government photo album.

Image fields are not editable by forms: every picture enters through
`media_gallery.services`, which runs it through `kernel.images` and stores the
original and its renditions once, with their sizes. Files leave storage when their
row is deleted (`media_gallery.signals`) or their image is replaced (services).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

https_validator = URLValidator(
    schemes=["https"], message=_("请输入以 https:// 开头的完整网址。")
)


class CaseFormKind(models.TextChoices):
    """The case forms a poster may open: the kinds of `cases.models.Case.Kind`.

    Named here, not imported: media_gallery and cases sit side by side in the
    layers and neither imports the other (pyproject.toml [tool.importlinter]).
    tests/media_gallery/test_poster_rules.py keeps the two lists equal.
    """

    CONSULTATION = "consultation", _("咨询求助")
    COMPLAINT = "complaint", _("投诉举报")
    SUGGESTION = "suggestion", _("建议献策")


class Poster(models.Model):
    class LinkType(models.TextChoices):
        NONE = "none", _("无链接")
        DEPARTMENT = "department", _("部门")
        SERVICE_TYPE = "service_type", _("服务事项")
        CASE_FORM = "case_form", _("诉求表单")
        URL = "url", _("网址")

    title = models.CharField(_("标题"), max_length=60)
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="posters",
        null=True,
        blank=True,
        verbose_name=_("所属部门"),
        help_text=_("留空为全市海报，由督办人员维护。"),
    )
    image = models.ImageField(
        _("原图"), upload_to="gallery/posters/%Y/%m/", editable=False
    )
    width = models.PositiveIntegerField(_("原图宽"), default=0, editable=False)
    height = models.PositiveIntegerField(_("原图高"), default=0, editable=False)
    image_750 = models.ImageField(
        _("手机图"), upload_to="gallery/posters/%Y/%m/", editable=False
    )
    width_750 = models.PositiveIntegerField(_("手机图宽"), default=0, editable=False)
    height_750 = models.PositiveIntegerField(_("手机图高"), default=0, editable=False)
    link_type = models.CharField(
        _("链接类型"), max_length=20, choices=LinkType.choices, default=LinkType.NONE
    )
    link_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("链接部门"),
    )
    link_service_type = models.ForeignKey(
        "departments.ServiceType",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("链接服务事项"),
    )
    link_case_kind = models.CharField(
        _("链接诉求类型"), max_length=20, choices=CaseFormKind.choices, blank=True
    )
    # A CharField with only the https validator: a URLField would add a second,
    # vaguer message beside ours for the same mistake.
    link_url = models.CharField(
        _("链接网址"), max_length=500, blank=True, validators=[https_validator]
    )
    starts_at = models.DateTimeField(_("开始展示"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("结束展示"), null=True, blank=True, help_text=_("留空为长期展示。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("服务海报")
        verbose_name_plural = _("服务海报")
        ordering = ["sort_order", "id"]
        indexes = [models.Index(fields=["is_active", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="poster_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def file_names(self) -> list[str]:
        return [self.image.name, self.image_750.name]

    def link_targets(self) -> dict[str, object]:
        """The four link fields and their values (ids for the foreign keys)."""
        return {
            "link_department": self.link_department_id,
            "link_service_type": self.link_service_type_id,
            "link_case_kind": self.link_case_kind,
            "link_url": self.link_url,
        }

    def clean(self):
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束展示时间必须晚于开始展示时间。")
        # Exactly the target of the chosen link type is filled, nothing else, so
        # the API never has to guess what a poster points at.
        needed = LINK_FIELD.get(self.link_type)
        for field, value in self.link_targets().items():
            if field == needed and not value:
                errors[field] = _("请填写所选链接类型对应的链接目标。")
            elif field != needed and value:
                errors[field] = _("只能填写所选链接类型对应的一项，请清空此项。")
        if errors:
            raise ValidationError(errors)


LINK_FIELD = {
    Poster.LinkType.DEPARTMENT: "link_department",
    Poster.LinkType.SERVICE_TYPE: "link_service_type",
    Poster.LinkType.CASE_FORM: "link_case_kind",
    Poster.LinkType.URL: "link_url",
}


class Album(models.Model):
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("简介"), blank=True)
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="albums",
        null=True,
        blank=True,
        verbose_name=_("所属部门"),
        help_text=_("留空为全市相册，由督办人员维护。"),
    )
    cover = models.ForeignKey(
        "Photo",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("封面"),
        help_text=_("留空则以排在第一位的照片作封面。"),
    )
    is_published = models.BooleanField(_("发布"), default=False)
    published_on = models.DateField(
        _("发布日期"),
        default=timezone.localdate,
        help_text=_("发布后，从这一天起对公众可见。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("相册")
        verbose_name_plural = _("相册")
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.cover_id and self.cover.album_id != self.pk:
            raise ValidationError({"cover": _("封面必须是本相册中的照片。")})


class Photo(models.Model):
    album = models.ForeignKey(
        Album, on_delete=models.CASCADE, related_name="photos", verbose_name=_("相册")
    )
    image = models.ImageField(
        _("原图"), upload_to="gallery/photos/%Y/%m/", editable=False
    )
    width = models.PositiveIntegerField(_("原图宽"), default=0, editable=False)
    height = models.PositiveIntegerField(_("原图高"), default=0, editable=False)
    thumbnail = models.ImageField(
        _("缩略图"), upload_to="gallery/photos/%Y/%m/", editable=False
    )
    thumbnail_width = models.PositiveIntegerField(
        _("缩略图宽"), default=0, editable=False
    )
    thumbnail_height = models.PositiveIntegerField(
        _("缩略图高"), default=0, editable=False
    )
    large = models.ImageField(
        _("大图"), upload_to="gallery/photos/%Y/%m/", editable=False
    )
    large_width = models.PositiveIntegerField(_("大图宽"), default=0, editable=False)
    large_height = models.PositiveIntegerField(_("大图高"), default=0, editable=False)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    taken_on = models.DateField(_("拍摄日期"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.caption or _("照片 %(id)s") % {"id": self.pk}

    @property
    def file_names(self) -> list[str]:
        return [self.image.name, self.thumbnail.name, self.large.name]
