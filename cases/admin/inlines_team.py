"""The case page's 协办 rows: each invited department, its due date (marked when
it passed without an answer, or the answer came late), its opinion, who gave it
and when. Read-only: opinions are written through the 提交协办意见 step."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.admin.inlines import ReadOnlyInline
from cases.models import CoHandling
from kernel.admin_widgets import department_abbr, due_day, short_moment


class CoHandlingInline(ReadOnlyInline):
    model = CoHandling
    verbose_name_plural = gettext_lazy("协办")
    user_fields = ("answered_by",)
    fields = [
        "department_name",
        "due",
        "overdue",
        "opinion",
        "answerer",
        "answered",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")

    @admin.display(description=gettext_lazy("协办部门"))
    def department_name(self, row):
        return department_abbr(row.department)

    @admin.display(description=gettext_lazy("协办时限"))
    def due(self, row):
        return due_day(row.due_at)

    @admin.display(description=gettext_lazy("超期"))
    def overdue(self, row):
        late = (
            row.answered_at > row.due_at
            if row.answered_at is not None
            else timezone.now() > row.due_at
        )
        if not late:
            return "—"
        label = _("逾期答复") if row.answered_at is not None else _("已超期")
        return format_html('<strong style="color:#b91c1c">{}</strong>', label)

    @admin.display(description=gettext_lazy("答复人"))
    def answerer(self, row):
        return self.staff_name(row.answered_by_id)

    @admin.display(description=gettext_lazy("答复时间"))
    def answered(self, row):
        return short_moment(row.answered_at) if row.answered_at else "—"
