"""Forms of the feedback back office; each feeds one service in feedback.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import HideReason
from kernel.admin_steps import text_form

_TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


class HideForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("隐藏原因"),
        choices=HideReason.choices,
        help_text=_(
            "言辞不当、含个人信息：隐藏留言，评分仍计入；刷票、恶意评价：评分不再计入。"
        ),
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class RestoreForm(forms.Form):
    note = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=200,
        help_text=_("恢复已隐藏的评论须填写理由；发布待审核的评论可不填。"),
    )


NoteForm = text_form("NoteForm", "note", _("情况说明"), rows=3)
AppealRequestForm = text_form("AppealRequestForm", "reason", _("申诉理由"), rows=3)


class AppealDecisionForm(forms.Form):
    void = forms.TypedChoiceField(
        label=_("复核结果"),
        choices=[("0", _("维持评价")), ("1", _("评价作废"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(
        label=_("复核意见"), required=False, max_length=2000, widget=_TEXTAREA
    )
