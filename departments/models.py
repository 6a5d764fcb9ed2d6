"""Departments, their service windows, the service types under each window, leaders.

These rows change rarely and are read on every citizen page, so the models stay
plain; the reads with their prefetching live in `selectors.py`.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", _("编码只能包含小写字母、数字和连字符。")
)


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Department(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    code = models.CharField(
        _("编码"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("稳定的英文编码，用于导入导出和链接，例如 hrss。"),
    )
    duties_summary = models.CharField(
        _("职能简介"), max_length=300, help_text=_("一句话说明部门主要职能。")
    )
    description = models.TextField(_("详细介绍"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    logo = models.ImageField(_("标志"), upload_to="departments/logos/", blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    # The city's 12345 dispatch centre (市级分拨): cases no routing rule places wait
    # here for a dispatcher. Not listed to citizens.
    is_dispatch_center = models.BooleanField(
        _("市级分拨中心"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "id"]
        # Granted per department through django-guardian (see departments.roles);
        # `supervise` is global: supervisors see every department.
        permissions = [
            ("handle_cases", _("办理本部门诉求")),
            ("manage_profile", _("维护本部门信息")),
            ("approve_extensions", _("审批本部门延期申请")),
            ("supervise", _("督办全部部门")),
            ("dispatch", _("分拨全部诉求")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["is_dispatch_center"],
                condition=models.Q(is_dispatch_center=True),
                name="one_dispatch_center",
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def emblem_text(self) -> str:
        """What a badge says where the department has no logo (the H5 page) and what
        a demo logo says: the short name without its 局 or 委 (人社局 → 人社, 市场监管局
        → 市场监管); a long name with no short one gives its first two characters."""
        base = (self.short_name or self.name).strip()
        text = base[:-1] if len(base) > 2 and base[-1] in "局委办厅" else base
        return text[:2] if len(text) > 4 else text


class ServiceHall(models.Model):
    """A service hall (政务服务大厅, 便民服务中心) where windows sit: what 附近办事
    finds from the citizen's position. Coordinates are GCJ-02, as the map apps
    and the departments' own use them."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    district = models.CharField(
        _("所在区县"), max_length=30, help_text=_("例如：历下区")
    )
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    latitude = models.DecimalField(
        _("纬度（GCJ-02）"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度（GCJ-02）"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务大厅")
        verbose_name_plural = _("服务大厅")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class ServiceWindow(models.Model):
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="windows",
        verbose_name=_("部门"),
    )
    name = models.CharField(_("窗口名称"), max_length=100)
    code = models.CharField(
        _("编码"),
        max_length=40,
        validators=[code_validator],
        help_text=_("在本部门内唯一，例如 social-security。"),
    )
    hall = models.ForeignKey(
        ServiceHall,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="windows",
        verbose_name=_("所在服务大厅"),
    )
    location = models.CharField(
        _("位置"), max_length=100, blank=True, help_text=_("例如：一楼3号窗口")
    )
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务窗口")
        verbose_name_plural = _("服务窗口")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "code"], name="unique_window_code_per_department"
            )
        ]

    def __str__(self):
        return f"{self.department.name} · {self.name}"


class ServiceType(models.Model):
    window = models.ForeignKey(
        ServiceWindow,
        on_delete=models.CASCADE,
        related_name="service_types",
        verbose_name=_("服务窗口"),
    )
    name = models.CharField(_("服务名称"), max_length=100)
    code = models.CharField(
        _("编码"), max_length=60, unique=True, validators=[code_validator]
    )
    description = models.TextField(_("说明"), blank=True)
    required_materials = models.TextField(
        _("所需材料"), blank=True, help_text=_("每行一项。")
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("承诺时限（工作日）"), null=True, blank=True
    )
    case_reply_days = models.PositiveSmallIntegerField(
        _("诉求办理时限（工作日）"),
        null=True,
        blank=True,
        help_text=_(
            "针对本服务的咨询、投诉、建议的答复时限；留空则按诉求类型的默认时限。"
        ),
    )
    fee = models.CharField(_("收费标准"), max_length=100, blank=True, default="免费")
    online = models.BooleanField(_("可网上办理"), default=False)
    by_appointment = models.BooleanField(_("可预约办理"), default=False)
    is_hot = models.BooleanField(_("热门服务"), default=False)
    popularity = models.PositiveIntegerField(_("热度"), default=0)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务类型")
        verbose_name_plural = _("服务类型")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def materials_list(self) -> list[str]:
        return [
            line.strip()
            for line in self.required_materials.splitlines()
            if line.strip()
        ]


class Leader(models.Model):
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="leaders",
        verbose_name=_("部门"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, help_text=_("例如：主任、科长"))
    photo = models.ImageField(_("照片"), upload_to="departments/leaders/", blank=True)
    duties = models.TextField(_("分管工作"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("领导干部")
        verbose_name_plural = _("领导干部")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return f"{self.name}（{self.title}）"


class DepartmentUserObjectPermission(UserObjectPermissionBase):
    """Guardian's per-object permissions on departments, with a real foreign key
    so that scoping a list of cases is a join, not a cast of object_pk."""

    content_object = models.ForeignKey(Department, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("部门用户权限")
        verbose_name_plural = _("部门用户权限")


class DepartmentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Department, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("部门组权限")
        verbose_name_plural = _("部门组权限")
