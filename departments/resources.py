"""Spreadsheet import and export of departments, windows, service types, leaders.

One django-import-export ModelResource per model, every column listed with its
Chinese header; rows are matched by natural key (docs/imports.md):

- Department: 编码
- ServiceWindow: 部门编码 + 窗口编码
- ServiceType: 服务编码 (its window by 部门编码 + 窗口编码)
- Leader: 部门编码 + 姓名

An unchanged row is skipped, so importing the same file twice changes nothing.
Errors are Chinese and reported by row and column header; any error rolls the
whole file back. Images (logo, photo) are not imported.

Scope: a resource built with `user=` (the admin passes the request user) accepts
departments only from superusers, and windows, service types and leaders only of
the user's own departments (departments.policy.scope_for). Without
a user (shell, tests) nothing is restricted.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from import_export.fields import Field

from departments import policy
from departments.import_widgets import (
    DEPARTMENT_CODE_COLUMN,
    DepartmentCodeWidget,
    WindowCodeWidget,
)
from departments.models import Department, Leader, ServiceType, ServiceWindow
from departments.resource_base import (
    SpreadsheetMeta,
    SpreadsheetResource,
    cell_error,
    number,
    text,
    yes_no,
)


class DepartmentResource(SpreadsheetResource):
    code = text("code", "编码")
    name = text("name", "名称")
    short_name = text("short_name", "简称")
    duties_summary = text("duties_summary", "职能简介")
    description = text("description", "详细介绍")
    address = text("address", "地址")
    phone = text("phone", "电话")
    office_hours = text("office_hours", "办公时间")
    latitude = number("latitude", "纬度", decimal=True)
    longitude = number("longitude", "经度", decimal=True)
    sort_order = number("sort_order", "排序", keep_when_blank=True)
    is_active = yes_no("is_active", "启用")

    class Meta(SpreadsheetMeta):
        model = Department
        name = "部门"
        fields = (
            "code",
            "name",
            "short_name",
            "duties_summary",
            "description",
            "address",
            "phone",
            "office_hours",
            "latitude",
            "longitude",
            "sort_order",
            "is_active",
        )
        import_id_fields = ("code",)

    def department_of(self, instance):
        return instance

    def scope_errors(self, user, instance, before):
        if policy.may_manage_departments(user):
            return []
        return [(NON_FIELD_ERRORS, cell_error(_("只有超级管理员可以导入部门。")))]


class ServiceWindowResource(SpreadsheetResource):
    department = Field(
        attribute="department",
        column_name=DEPARTMENT_CODE_COLUMN,
        widget=DepartmentCodeWidget(),
    )
    code = text("code", "窗口编码")
    name = text("name", "窗口名称")
    location = text("location", "位置")
    phone = text("phone", "电话")
    office_hours = text("office_hours", "办公时间")
    description = text("description", "说明")
    sort_order = number("sort_order", "排序", keep_when_blank=True)
    is_active = yes_no("is_active", "启用")

    class Meta(SpreadsheetMeta):
        model = ServiceWindow
        name = "服务窗口"
        fields = (
            "department",
            "code",
            "name",
            "location",
            "phone",
            "office_hours",
            "description",
            "sort_order",
            "is_active",
        )
        import_id_fields = ("department", "code")

    def get_queryset(self):
        return ServiceWindow.objects.select_related("department")

    def department_of(self, instance):
        return instance.department if instance.department_id else None


class ServiceTypeResource(SpreadsheetResource):
    scope_attribute = "window"
    scope_column = DEPARTMENT_CODE_COLUMN

    code = text("code", "服务编码")
    # Exported from the window; on import it is read by the window's widget.
    department_code = Field(
        attribute="window__department__code",
        column_name=DEPARTMENT_CODE_COLUMN,
        readonly=True,
    )
    window = Field(
        attribute="window", column_name="窗口编码", widget=WindowCodeWidget()
    )
    name = text("name", "服务名称")
    description = text("description", "说明")
    required_materials = text("required_materials", "所需材料")
    time_limit_days = number("time_limit_days", "承诺时限（工作日）")
    case_reply_days = number("case_reply_days", "诉求办理时限（工作日）")
    fee = text("fee", "收费标准")
    online = yes_no("online", "可网上办理")
    by_appointment = yes_no("by_appointment", "可预约办理")
    is_hot = yes_no("is_hot", "热门服务")
    popularity = number("popularity", "热度", keep_when_blank=True)
    sort_order = number("sort_order", "排序", keep_when_blank=True)
    is_active = yes_no("is_active", "启用")

    class Meta(SpreadsheetMeta):
        model = ServiceType
        name = "服务类型"
        fields = (
            "code",
            "department_code",
            "window",
            "name",
            "description",
            "required_materials",
            "time_limit_days",
            "case_reply_days",
            "fee",
            "online",
            "by_appointment",
            "is_hot",
            "popularity",
            "sort_order",
            "is_active",
        )
        import_id_fields = ("code",)

    def get_queryset(self):
        return ServiceType.objects.select_related("window__department")

    def department_of(self, instance):
        return instance.window.department if instance.window_id else None


class LeaderResource(SpreadsheetResource):
    department = Field(
        attribute="department",
        column_name=DEPARTMENT_CODE_COLUMN,
        widget=DepartmentCodeWidget(),
    )
    name = text("name", "姓名")
    title = text("title", "职务")
    duties = text("duties", "分管工作")
    sort_order = number("sort_order", "排序", keep_when_blank=True)
    is_active = yes_no("is_active", "启用")

    class Meta(SpreadsheetMeta):
        model = Leader
        name = "领导干部"
        fields = ("department", "name", "title", "duties", "sort_order", "is_active")
        import_id_fields = ("department", "name")

    def get_queryset(self):
        return Leader.objects.select_related("department")

    def department_of(self, instance):
        return instance.department if instance.department_id else None
