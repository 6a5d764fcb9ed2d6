"""Reply templates (kept by department heads) and the contact-access log
(read by supervisors)."""

from django.contrib import admin

from cases.models import ContactAccess, ReplyTemplate
from portal.admin_records import ReadOnlyRecordAdmin
from portal.admin_scope import DepartmentScopedAdmin, ScopedDepartmentFilter


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "department", "kind", "sort_order"]
    list_filter = ["kind", ("department", ScopedDepartmentFilter)]
    list_select_related = ["department"]
    search_fields = ["title", "body"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "department":
            field.queryset = self.limit_departments(
                request, field.queryset, "manage_profile"
            )
        return field

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.sees_everything(request):
            return True
        return obj.department_id in self.scoped_department_ids(
            request, "manage_profile"
        )

    has_delete_permission = has_change_permission


@admin.register(ContactAccess)
class ContactAccessAdmin(ReadOnlyRecordAdmin, admin.ModelAdmin):
    list_display = ["accessed_at", "user", "case"]
    list_filter = ["accessed_at"]
    list_select_related = ["user", "case"]
    search_fields = ["=case__number", "user__username"]
    date_hierarchy = "accessed_at"
