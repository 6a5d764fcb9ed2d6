"""The case page's steps for 回访, 重办 and the escalation rungs taken by hand
(催办, 通报) (see cases/admin/steps.py): 回访 asks the result (满意 / 基本满意 /
不满意) and what the citizen said; the others a required note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.step_page import CaseStepPage
from cases.models import CaseCallback
from kernel.admin_steps import text_form

_TEXTAREA = forms.Textarea(attrs={"rows": 4, "cols": 60})


class CallbackForm(forms.Form):
    result = forms.ChoiceField(
        label=_("回访结果"),
        choices=CaseCallback.Result.choices,
        widget=forms.RadioSelect,
        help_text=_("选择“不满意”将重办本诉求，并重新计算办理时限。"),
    )
    note = forms.CharField(
        label=_("回访情况"), required=False, max_length=2000, widget=_TEXTAREA
    )


RedoForm = text_form("RedoForm", "note", _("重办原因"))
UrgeForm = text_form("UrgeForm", "note", _("催办内容"))
ReportForm = text_form("ReportForm", "note", _("通报内容"))


def _callback_done(callback) -> str:
    if callback.result == CaseCallback.Result.DISSATISFIED:
        return str(_("已记录回访（不满意），诉求已转为重办。"))
    return str(_("已记录回访：%(result)s")) % {"result": callback.get_result_display()}


PAGE: dict[str, CaseStepPage] = {
    "callback": CaseStepPage(
        CallbackForm,
        lambda c, u, d: services.case_callback(
            case=c, actor=u, result=d["result"], note=d["note"]
        ),
        style="default",
        done_message=_callback_done,
    ),
    "redo": CaseStepPage(
        RedoForm,
        lambda c, u, d: services.case_redo(case=c, actor=u, note=d["note"]),
        confirm=_("确认重办本诉求？诉求将回到“已受理”，并重新计算办理时限。"),
    ),
    "urge": CaseStepPage(
        UrgeForm,
        lambda c, u, d: services.case_urge(case=c, actor=u, note=d["note"]),
    ),
    "report": CaseStepPage(
        ReportForm,
        lambda c, u, d: services.case_report(case=c, actor=u, note=d["note"]),
        confirm=_("确认通报本诉求？通报将列入通报清单和月度考核。"),
    ),
}
