"""The case list's 我的待办 filter and its 部门 / 承办人 column.

The column reads `case.assignee`, which the list selects with the case
(`list_select_related`), so it costs no query a row.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases import selectors_team
from cases.services.team import person_name
from kernel.admin_widgets import department_abbr


class MyTodoFilter(admin.SimpleListFilter):
    """我的待办: cases still in hand assigned to me, or assigned to nobody in my
    departments; 全部 leaves the list as it is. The header's 分配给我 links here."""

    title = _("我的待办")
    parameter_name = "todo"

    def lookups(self, request, model_admin):
        return [
            (selectors_team.MINE, _("分配给我的")),
            (selectors_team.UNASSIGNED, _("本部门未分配")),
        ]

    def queryset(self, request, queryset):
        return selectors_team.my_todo_cases(
            user=request.user, cases=queryset, which=self.value() or ""
        )


@admin.display(description=_("部门 / 承办人"), ordering="department__sort_order")
def department_and_assignee(case):
    """The department's short name and, under it, the named officer: one column,
    because the list must fit a 1280 px office screen."""
    department = department_abbr(case.department)
    if not case.assignee_id:
        return department
    return format_html(
        '{}<br><span class="case-assignee">{}</span>',
        department,
        person_name(case.assignee),
    )
