"""The case page's 回访 record and the rungs of the escalation ladder it received
(催办, 督办, 通报), read-only: callbacks are written by the 回访 step, rungs by
the ladder (cases/escalation.py) or the 催办 and 通报 steps."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.admin.inlines import ReadOnlyInline
from cases.models import CaseCallback, Escalation
from kernel.admin_widgets import due_day, short_moment


class CaseCallbackInline(ReadOnlyInline):
    model = CaseCallback
    verbose_name_plural = gettext_lazy("回访记录")
    user_fields = ("called_by",)
    fields = ["answer", "result", "note", "caller", "called"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("答复"))
    def answer(self, row):
        # round 0 is the first answer, 1 the answer after the first 重办.
        return _("第 %(n)d 次答复") % {"n": row.round + 1}

    @admin.display(description=gettext_lazy("回访人"))
    def caller(self, row):
        return self.staff_name(row.called_by_id)

    @admin.display(description=gettext_lazy("回访时间"))
    def called(self, row):
        return short_moment(row.called_at)


class EscalationInline(ReadOnlyInline):
    model = Escalation
    verbose_name_plural = gettext_lazy("催办、督办与通报")
    fields = ["created", "rung", "subject", "deadline"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("时间"))
    def created(self, row):
        return short_moment(row.created_at)

    @admin.display(description=gettext_lazy("所涉时限"))
    def deadline(self, row):
        return due_day(row.deadline_at)
