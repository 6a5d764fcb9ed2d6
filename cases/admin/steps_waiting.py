"""The case page's steps for 补充材料 (挂起, 恢复办理) (see cases/admin/steps.py),
and the status it shows while the case waits for the citizen."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services
from cases.admin import columns, forms
from cases.admin.step_page import CaseStepPage
from cases.models import Case
from cases.services.waiting import paused_workdays
from kernel.admin_steps import text_form
from kernel.admin_widgets import due_day

QuestionForm = text_form("QuestionForm", "question", gettext_lazy("需市民补充的材料"))


def _asked(case: Case) -> str:
    return _("已请市民补充材料，办理时限暂停计算。")


def _resumed(case: Case) -> str:
    return _("已恢复办理，办理时限顺延至 %(due)s。") % {"due": due_day(case.due_at)}


PAGE: dict[str, CaseStepPage] = {
    "info_request": CaseStepPage(
        QuestionForm,
        lambda c, u, d: services.info_request(case=c, actor=u, question=d["question"]),
        done_message=_asked,
    ),
    "resume": CaseStepPage(
        forms.NoteForm,
        lambda c, u, d: services.case_resume(case=c, actor=u, note=d["note"]),
        done_message=_resumed,
    ),
}


def status_badge(case: Case):
    """The status badge; while the case waits, with the working days it has been
    paused: 待补充材料（已挂起 N 个工作日）."""
    badge = columns.status_badge(case)
    if case.status != Case.Status.WAITING:
        return badge
    return format_html(
        "{}（{}）",
        badge,
        _("已挂起 %(days)d 个工作日") % {"days": paused_workdays(case=case)},
    )
