"""The case page's steps for 分拨, 签收, 退单 review and 紧急 (see cases/admin/steps.py).

分派 offers the active departments (never the dispatch centre, nor the department
that has just returned the case); 退回 asks for the reason and its basis; 驳回退单
sends it back with the clock still running; 签收 and 标记紧急 are one click and a
reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.step_page import CaseStepPage
from cases.models import Case
from departments import selectors as department_selectors
from kernel.admin_steps import BulkAction, text_form

_TEXTAREA = forms.Textarea(attrs={"rows": 4, "cols": 60})


class DispatchQueueForm(forms.Form):
    to_department = forms.ModelChoiceField(queryset=None, label=_("分派至部门"))
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=_TEXTAREA
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        departments = department_selectors.department_list()
        if case.status == Case.Status.RETURNED:
            # It has just said the case is not its business; 驳回退单 sends it back.
            departments = departments.exclude(pk=case.department_id)
        self.fields["to_department"].queryset = departments


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), max_length=2000, widget=_TEXTAREA)
    basis = forms.CharField(
        label=_("退单依据"),
        max_length=2000,
        widget=_TEXTAREA,
        help_text=_("如部门职责清单、权责清单的条目，供分拨员审核。"),
    )


ReturnRefuseForm = text_form("ReturnRefuseForm", "reason", _("驳回理由"))
SignForm = text_form("SignForm", "note", _("说明"), required=False)
UrgentForm = text_form("UrgentForm", "reason", _("紧急原因"))


PAGE: dict[str, CaseStepPage] = {
    "sign": CaseStepPage(
        SignForm,
        lambda c, u, d: services.case_sign(case=c, actor=u, note=d.get("note", "")),
        style="default",
        bulk=BulkAction(
            _("签收所选诉求"),
            summary=_("已签收 %(done)d 件，%(refused)d 件未能签收。"),
            asks_form=False,
        ),
    ),
    "send_back": CaseStepPage(
        SendBackForm,
        lambda c, u, d: services.case_send_back(
            case=c, actor=u, reason=d["reason"], basis=d["basis"]
        ),
        confirm=_("确认退回本诉求？退回后由分拨员审核：重新分派，或驳回退单。"),
    ),
    "dispatch": CaseStepPage(
        DispatchQueueForm,
        lambda c, u, d: services.case_dispatch(
            case=c, to_department_id=d["to_department"].pk, actor=u, note=d["note"]
        ),
        needs_case=True,
        style="default",
        confirm=_("确认将本诉求分派至“{to_department}”？该部门须在时限内签收。"),
        done_message=lambda case: (
            _("已分派至 %(department)s") % {"department": case.department.name}
        ),
    ),
    "return_refuse": CaseStepPage(
        ReturnRefuseForm,
        lambda c, u, d: services.case_return_refuse(
            case=c, actor=u, reason=d["reason"]
        ),
        confirm=_("确认驳回退单？诉求将退回原部门继续办理，办理时限不变。"),
    ),
    "urgent": CaseStepPage(
        UrgentForm,
        lambda c, u, d: services.case_mark_urgent(case=c, actor=u, reason=d["reason"]),
    ),
}
