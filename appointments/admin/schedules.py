"""Each window's booking rules with its weekly sessions, and the closures entered in
advance (停办), which cancel the bookings they cover and tell the citizens."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appointments import services
from appointments.models import Closure, WeeklySession, WindowSchedule
from appointments.services.closures import closure_errors
from departments.admin_scope import DepartmentScopedAdmin
from departments.models import ServiceWindow


class SessionInline(admin.TabularInline):
    model = WeeklySession
    extra = 0
    verbose_name_plural = gettext_lazy("每周开放时段（调休上班日按星期一的时段开放）")


class ScopedWindowAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    department_scope = "window__department"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "window":
            field.queryset = self.scope(request).filter(
                ServiceWindow.objects.select_related("department"), field="department"
            )
        return field


@admin.register(WindowSchedule)
class WindowScheduleAdmin(ScopedWindowAdmin):
    list_display = ["window", "is_open", "slot_minutes", "seats_per_slot", "days_ahead"]
    list_select_related = ["window__department"]
    list_filter = ["is_open"]
    inlines = [SessionInline]
    filter_horizontal = ["also_serves"]
    fields = [
        "window",
        "is_open",
        "slot_minutes",
        "seats_per_slot",
        "days_ahead",
        "change_until_minutes",
        "also_serves",
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "also_serves":
            field.queryset = field.queryset.filter(by_appointment=True)
        return field


@admin.register(Closure)
class ClosureAdmin(ScopedWindowAdmin):
    list_display = ["window", "day", "starts_at", "ends_at", "reason", "created_by"]
    list_select_related = ["window__department", "created_by"]
    date_hierarchy = "day"
    fields = ["window", "day", "starts_at", "ends_at", "reason"]

    def has_change_permission(self, request, obj=None):
        # What a closure cancelled stays cancelled: it is entered, not edited.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        closure, cancelled = services.closure_enter(
            window=obj.window,
            day=obj.day,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            reason=obj.reason,
            user=request.user,
        )
        obj.pk = closure.pk
        messages.info(
            request, _("已登记停办，取消预约 %(n)d 个并已通知市民。") % {"n": cancelled}
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        base_clean = form.clean

        def clean(this):
            data = base_clean(this)
            # The service's own checks, on the form, before save_model.
            for field, message in closure_errors(
                day=data.get("day"),
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                reason=data.get("reason") or "",
            ).items():
                this.add_error(field if field in this.fields else None, message)
            return data

        form.clean = clean
        return form
