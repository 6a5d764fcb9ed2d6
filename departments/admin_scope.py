"""Department scoping for the back office, shared by every app's admin.

A ModelAdmin with `department_scope = "<path to a Department>"` shows a user only
the rows of departments they hold `scope_permission` on (supervisors and superusers
see all), everywhere the admin reads its queryset: changelist, change view, history,
delete, actions, autocomplete. Opening another department's row by URL is a 404.

`ScopedDepartmentFilter` is the department filter of every list, whether the
department is the row's own or reached through a relation
(`("leader__department", ScopedDepartmentFilter)`): it offers only the departments
the user may see, so an officer's filter does not name the other departments.

Scoped lists also refuse lookups and sorting on personal fields
(`kernel.admin_privacy.PersonalFieldsAdmin`).
"""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from departments import policy
from departments.models import Department
from kernel.admin_privacy import PersonalFieldsAdmin


class DepartmentScopedAdmin(PersonalFieldsAdmin):
    department_scope: str = "department"
    scope_permission: str = "handle_cases"

    def scope(self, request, permission: str | None = None) -> policy.Scope:
        """The departments the user sees here (by `scope_permission` unless given)."""
        return policy.scope_for(request.user, permission or self.scope_permission)

    def sees_everything(self, request) -> bool:
        return self.scope(request).everything

    def get_queryset(self, request):
        return self.scope(request).filter(
            super().get_queryset(request), field=self.department_scope
        )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with a message; a row outside the user's
        # departments must look exactly like one that does not exist.
        raise Http404

    def limit_departments(self, request, queryset, permission: str | None = None):
        """Narrow a Department (or related) choice list to the user's departments."""
        return self.scope(request, permission).filter(queryset, field="pk")


CITY_WIDE = _("全市")


class DepartmentOwnedAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    """Rows a department owns, or the city (no department: the supervisors'):
    posters, albums, knowledge entries. Staff who do not supervise must pick one
    of their departments; scoping by department leaves city-wide rows out."""

    department_scope = "department"
    # What the department field says to staff who do not supervise: the model's
    # help text (留空为全市…) describes a choice only supervisors have.
    staff_department_help = ""
    staff_department_required = ""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "department":
            field.queryset = self.limit_departments(request, field.queryset)
            # Only supervisors may leave it empty: that makes a city-wide item.
            if not self.sees_everything(request):
                field.required = True
                field.help_text = self.staff_department_help
                field.error_messages["required"] = self.staff_department_required
        return field

    @admin.display(description=_("所属部门"), ordering="department__sort_order")
    def department_label(self, obj):
        return obj.department.name if obj.department_id else CITY_WIDE


class ScopedDepartmentFilter(admin.RelatedFieldListFilter):
    """A department filter listing only the departments the user may see (all of
    them for supervisors), by the list's `scope_permission`."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        permission = getattr(model_admin, "scope_permission", "handle_cases")
        self.scope = policy.scope_for(request.user, permission)
        super().__init__(field, request, params, model, model_admin, field_path)

    @property
    def include_empty_choice(self):
        # Rows without a department (city-wide posters) are the supervisors' only.
        return self.scope.everything and super().include_empty_choice

    def field_choices(self, field, request, model_admin):
        departments = self.scope.filter(
            Department.objects.order_by("sort_order", "id"), field="pk"
        )
        return [(department.pk, str(department)) for department in departments]
