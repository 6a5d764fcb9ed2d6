"""Back office for departments, windows, service types and leaders."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from departments.models import Department, Leader, ServiceType, ServiceWindow
from portal.admin_widgets import image_preview


class ServiceWindowInline(admin.TabularInline):
    model = ServiceWindow
    extra = 0
    fields = [
        "name",
        "code",
        "location",
        "phone",
        "office_hours",
        "sort_order",
        "is_active",
    ]
    show_change_link = True


class LeaderInline(admin.TabularInline):
    model = Leader
    extra = 0
    fields = ["name", "title", "photo", "photo_preview", "sort_order", "is_active"]
    readonly_fields = ["photo_preview"]

    @admin.display(description=_("照片预览"))
    def photo_preview(self, leader):
        return image_preview(leader.photo, size=48)


class ServiceTypeInline(admin.StackedInline):
    model = ServiceType
    extra = 0
    fields = [
        ("name", "code"),
        "description",
        "required_materials",
        ("time_limit_days", "case_reply_days", "fee"),
        ("online", "by_appointment", "is_hot", "popularity"),
        ("sort_order", "is_active"),
    ]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = [
        "logo_preview",
        "name",
        "code",
        "duties_summary",
        "phone",
        "sort_order",
        "is_active",
    ]
    list_display_links = ["logo_preview", "name"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name", "code", "duties_summary"]
    readonly_fields = ["logo_preview", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "short_name", "code", "duties_summary", "description"]},
        ),
        (
            _("联系方式"),
            {"fields": ["address", "phone", "office_hours", ("latitude", "longitude")]},
        ),
        (_("展示"), {"fields": ["logo", "logo_preview", "sort_order", "is_active"]}),
        (_("记录"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [ServiceWindowInline, LeaderInline]

    @admin.display(description=_("标志"))
    def logo_preview(self, department):
        return image_preview(department.logo, size=40)


@admin.register(ServiceWindow)
class ServiceWindowAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "department",
        "location",
        "phone",
        "sort_order",
        "is_active",
    ]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "code", "location", "department__name"]
    autocomplete_fields = ["department"]
    inlines = [ServiceTypeInline]


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "window",
        "department_name",
        "time_limit_days",
        "is_hot",
        "popularity",
        "sort_order",
        "is_active",
    ]
    list_editable = ["is_hot", "sort_order", "is_active"]
    list_filter = ["is_active", "is_hot", "online", "window__department"]
    list_select_related = ["window__department"]
    search_fields = [
        "name",
        "code",
        "description",
        "window__name",
        "window__department__name",
    ]
    autocomplete_fields = ["window"]

    @admin.display(description=_("部门"), ordering="window__department__sort_order")
    def department_name(self, service_type):
        return service_type.window.department.name


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = [
        "photo_preview",
        "name",
        "title",
        "department",
        "sort_order",
        "is_active",
    ]
    list_display_links = ["photo_preview", "name"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "title", "department__name"]
    autocomplete_fields = ["department"]
    readonly_fields = ["photo_preview"]

    @admin.display(description=_("照片"))
    def photo_preview(self, leader):
        return image_preview(leader.photo, size=40)
