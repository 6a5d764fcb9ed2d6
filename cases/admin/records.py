"""Reply templates (kept by department heads), the contact-access log (read by
supervisors) and the case list's recording of searches by contact."""

from django.contrib import admin

from cases import services
from cases.models import ContactAccess, ReplyTemplate
from departments.admin_scope import DepartmentScopedAdmin, ScopedDepartmentFilter
from kernel.admin_records import ReadOnlyRecordAdmin


class ContactSearchRecorded:
    """Mix into the case list before `admin.ModelAdmin`: a search that finds cases
    by a caller's full phone number or name writes 联系方式查看记录 rows, as
    revealing the contact does. Filtering on those fields is refused altogether
    (kernel/admin_privacy.py), so the search box is the one way, and it is seen.

    A ledger export replaying the list's search in the background marks its
    request `contact_search_recorded` (cases/admin/ledger_admin.py): recorded once,
    when the list was searched."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if search_term.strip() and not getattr(
            request, "contact_search_recorded", False
        ):
            services.contact_search_record(
                actor=request.user, cases=results, search_term=search_term
            )
        return results, may_have_duplicates


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
        return obj is None or self.scope(request, "manage_profile").includes(
            obj.department_id
        )

    has_delete_permission = has_change_permission


@admin.register(ContactAccess)
class ContactAccessAdmin(ReadOnlyRecordAdmin, admin.ModelAdmin):
    list_display = ["accessed_at", "user", "case", "kind", "search"]
    list_filter = ["kind", "accessed_at"]
    list_select_related = ["user", "case"]
    search_fields = ["=case__number", "user__username"]
    date_hierarchy = "accessed_at"
