"""The case page's 并单与拆分 table: the main case a merged case follows (并入主件),
the cases merged into a main one, the parent a child was split from and the
children of a split case, each with its number linked to its page, department
and status. Shown only on a case that has any of these.

An inline lists the rows whose foreign key points at the page's case; the main
case and the parent point the other way, so the formset lists its own rows (one
query, with the departments). A linked case outside the user's scope answers 404
on its page, as everywhere (portal/admin_scope.py).
"""

from django.contrib import admin
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case


def related_cases(case: Case):
    """The main case, the merged cases, the parent and the children of `case`."""
    return (
        Case.objects.filter(
            Q(pk=case.merged_into_id)
            | Q(merged_into=case)
            | Q(pk=case.parent_id)
            | Q(parent=case)
        )
        .select_related("department")
        .order_by("pk")
    )


class _RelatedCasesFormSet(BaseInlineFormSet):
    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.queryset = related_cases(self.instance)


class RelatedCasesInline(admin.TabularInline):
    model = Case
    fk_name = "merged_into"
    formset = _RelatedCasesFormSet
    extra = 0
    can_delete = False
    template = "admin/cases/case/readonly_tabular.html"
    row_label = ""
    verbose_name_plural = gettext_lazy("并单与拆分")
    fields = ["relation", "case_link", "title", "department_name", "status_label"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Only on a case that is merged, split, a main or a child.
        return obj is not None and (
            bool(obj.merged_into_id or obj.parent_id)
            or obj.status == Case.Status.SPLIT
            or obj.merged_cases.exists()
        )

    def get_formset(self, request, obj=None, **kwargs):
        self._page_case = obj
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=gettext_lazy("关系"))
    def relation(self, case):
        # Not the row's merged_into: the inline formset sets every row's to the
        # page's case (its foreign key), in memory.
        page = self._page_case
        if case.pk == page.merged_into_id:
            return _("并入主件")
        if case.pk == page.parent_id:
            return _("拆分自")
        if case.parent_id == page.pk:
            return _("拆分出")
        return _("并入本件")

    @admin.display(description=gettext_lazy("登记编号"))
    def case_link(self, case):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:cases_case_change", args=[case.pk]),
            case.number,
        )

    @admin.display(description=gettext_lazy("承办部门"))
    def department_name(self, case):
        return case.department.name

    @admin.display(description=gettext_lazy("状态"))
    def status_label(self, case):
        return case.get_status_display()
