"""The 通报 list: the rungs of the escalation ladder (催办, 督办, 通报) taken on
cases, by the ladder (cases/escalation.py) or by a supervisor's hand.

Read-only, scoped like the case list (`selectors_escalation.escalations_for_staff`:
supervisors and dispatchers see every case's rungs, departments their own cases').
Filters by rung, subject and department, and by month (the date drill-down);
`?rung__exact=report` is the 通报 list supervisors keep.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from cases import selectors_escalation
from cases.models import Escalation
from departments.admin_scope import DepartmentScopedAdmin, ScopedDepartmentFilter
from kernel.admin_widgets import department_abbr, due_day, short_moment


@admin.register(Escalation)
class EscalationAdmin(DepartmentScopedAdmin, admin.ModelAdmin):
    department_scope = "case__department"
    list_display = [
        "created",
        "rung",
        "subject",
        "case_link",
        "department_name",
        "deadline",
        "case_status",
    ]
    list_filter = [
        "rung",
        "subject",
        ("case__department", ScopedDepartmentFilter),
    ]
    date_hierarchy = "created_at"
    search_fields = ["=case__number"]
    list_per_page = 50

    def get_queryset(self, request):
        # The case list's own rule (dispatchers and co-handlers included), not
        # only the departments a user handles.
        return selectors_escalation.escalations_for_staff(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("时间"), ordering="created_at")
    def created(self, row):
        return short_moment(row.created_at)

    @admin.display(description=gettext_lazy("诉求"), ordering="case__number")
    def case_link(self, row):
        url = reverse("admin:cases_case_change", args=[row.case_id])
        return format_html(
            '<a href="{}">{}</a> {}', url, row.case.number, row.case.title
        )

    @admin.display(description=gettext_lazy("承办部门"))
    def department_name(self, row):
        return department_abbr(row.case.department)

    @admin.display(description=gettext_lazy("所涉时限"), ordering="deadline_at")
    def deadline(self, row):
        return due_day(row.deadline_at)

    @admin.display(description=gettext_lazy("当前状态"))
    def case_status(self, row):
        return row.case.get_status_display()
