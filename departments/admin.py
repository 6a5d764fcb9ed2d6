"""Back office for departments, windows, service types and leaders."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from departments import policy, selectors, services
from departments.admin_import import SpreadsheetAdminMixin
from departments.admin_scope import DepartmentScopedAdmin, ScopedDepartmentFilter
from departments.models import (
    Department,
    Leader,
    ServiceHall,
    ServiceType,
    ServiceWindow,
)
from departments.resources import (
    DepartmentResource,
    LeaderResource,
    ServiceTypeResource,
    ServiceWindowResource,
)
from kernel.admin_widgets import image_preview


class DepartmentStaffForm(forms.ModelForm):
    """The department form with its staff, for superusers: saving grants and revokes
    through departments.services, which keeps the guardian groups in step."""

    officers = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        label=_("部门工作人员"),
        widget=FilteredSelectMultiple(_("部门工作人员"), is_stacked=False),
    )
    heads = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        label=_("部门负责人"),
        widget=FilteredSelectMultiple(_("部门负责人"), is_stacked=False),
    )

    class Meta:
        model = Department
        fields = [
            "name",
            "short_name",
            "code",
            "duties_summary",
            "description",
            "address",
            "phone",
            "office_hours",
            "latitude",
            "longitude",
            "logo",
            "sort_order",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "officers" in self.fields:
            staff = selectors.department_staff(department=self.instance)
            self.fields["officers"].initial = list(staff["officer"])
            self.fields["heads"].initial = list(staff["head"])


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
class DepartmentAdmin(SpreadsheetAdminMixin, DepartmentScopedAdmin, admin.ModelAdmin):
    department_scope = "pk"
    resource_classes = [DepartmentResource]
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
    staff_fieldset = (_("人员与权限"), {"fields": ["officers", "heads"]})
    inlines = [ServiceWindowInline, LeaderInline]

    def has_import_permission(self, request):
        # Departments are created by superusers only (docs/imports.md).
        return policy.may_manage_departments(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if policy.may_manage_departments(request.user):
            fieldsets.append(self.staff_fieldset)
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if policy.may_manage_departments(request.user):
            kwargs["form"] = DepartmentStaffForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Heads (manage_profile) edit their own department's profile; officers read it.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.scope(request, "manage_profile").includes(obj.pk)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if (
            policy.may_manage_departments(request.user)
            and "officers" in form.cleaned_data
        ):
            services.staff_set(
                department=form.instance,
                officers=form.cleaned_data["officers"],
                heads=form.cleaned_data["heads"],
            )

    @admin.display(description=_("标志"))
    def logo_preview(self, department):
        return image_preview(department.logo, size=40)


class _DepartmentChildAdmin(
    SpreadsheetAdminMixin, DepartmentScopedAdmin, admin.ModelAdmin
):
    """Windows, service types and leaders: officers manage their departments' own,
    also by spreadsheet import (rows of other departments are refused)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "department":
            field.queryset = self.limit_departments(request, field.queryset)
        elif db_field.name == "window":
            field.queryset = self.scope(request).filter(field.queryset)
        return field


@admin.register(ServiceHall)
class ServiceHallAdmin(admin.ModelAdmin):
    """The city's halls (附近办事): kept by supervisors, read by staff."""

    list_display = [
        "name",
        "district",
        "address",
        "opening_hours",
        "sort_order",
        "is_active",
    ]
    list_filter = ["district", "is_active"]
    search_fields = ["name", "address"]


@admin.register(ServiceWindow)
class ServiceWindowAdmin(_DepartmentChildAdmin):
    resource_classes = [ServiceWindowResource]
    list_display = [
        "name",
        "department",
        "hall",
        "location",
        "phone",
        "sort_order",
        "is_active",
    ]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", ("department", ScopedDepartmentFilter)]
    list_select_related = ["department"]
    search_fields = ["name", "code", "location", "department__name"]
    autocomplete_fields = ["department"]
    inlines = [ServiceTypeInline]


@admin.register(ServiceType)
class ServiceTypeAdmin(_DepartmentChildAdmin):
    resource_classes = [ServiceTypeResource]
    department_scope = "window__department"
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
    list_filter = [
        "is_active",
        "is_hot",
        "online",
        ("window__department", ScopedDepartmentFilter),
    ]
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
class LeaderAdmin(_DepartmentChildAdmin):
    resource_classes = [LeaderResource]
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
    list_filter = ["is_active", ("department", ScopedDepartmentFilter)]
    list_select_related = ["department"]
    search_fields = ["name", "title", "department__name"]
    autocomplete_fields = ["department"]
    readonly_fields = ["photo_preview"]

    @admin.display(description=_("照片"))
    def photo_preview(self, leader):
        return image_preview(leader.photo, size=40)
