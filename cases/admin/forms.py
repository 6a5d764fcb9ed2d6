"""Forms of the staff steps on a case; each maps to one service in cases.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors, workflow
from cases.models import Case, ReplyTemplate
from cases.serializers import CONTENT_LENGTH, TITLE_LENGTH
from cases.validators import normalise_phone, validate_phone, validate_plain_text
from departments import selectors as department_selectors
from kernel.admin_steps import text_form

_TEXTAREA = forms.Textarea(attrs={"rows": 4, "cols": 60})


NoteForm = text_form("NoteForm", "note", _("说明"), required=False)
RequiredNoteForm = text_form("RequiredNoteForm", "note", _("说明"))
ReasonForm = text_form("ReasonForm", "reason", _("理由"))


class ReplyForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=ReplyTemplate.objects.none(),
        required=False,
        label=_("答复模板"),
        help_text=_("选择模板可填入答复内容，再按实际情况修改。"),
    )
    reply = forms.CharField(label=_("答复内容"), max_length=5000, widget=_TEXTAREA)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReplyTemplate.objects.filter(
            department_id=case.department_id, kind=case.kind
        )


def _active_departments():
    return department_selectors.department_list()


class TransferForm(forms.Form):
    to_department = forms.ModelChoiceField(queryset=None, label=_("转至部门"))
    reason = forms.CharField(label=_("转办理由"), max_length=2000, widget=_TEXTAREA)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = _active_departments().exclude(
            pk=case.department_id
        )


class DispatchForm(forms.Form):
    to_department = forms.ModelChoiceField(queryset=None, label=_("分派至部门"))
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=_TEXTAREA
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = _active_departments()


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(
        label=_("延期工作日"), min_value=1, max_value=workflow.MAX_EXTENSION_DAYS
    )
    reason = forms.CharField(label=_("延期理由"), max_length=2000, widget=_TEXTAREA)


_WEEKDAYS = "一二三四五六日"


def _day(moment) -> str:
    """2026-11-27（周五）: due moments are ends of working days, so the day is
    what matters, and its weekday shows that weekends were skipped."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d}（周{_WEEKDAYS[local.weekday()]}）"


class ExtensionDecisionForm(forms.Form):
    """审批延期, with what is being decided: who asked, for how many working days,
    why, and the due date approval would set (kernel.workdays, as the service)."""

    approve = forms.TypedChoiceField(
        label=_("审批"),
        choices=[("1", _("批准")), ("0", _("驳回"))],
        coerce=lambda value: value == "1",
    )
    comment = forms.CharField(
        label=_("审批意见"),
        required=False,
        max_length=2000,
        widget=_TEXTAREA,
        help_text=_("写入办理记录；批准时与新的办理时限一起向市民公开。"),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        pending = selectors.pending_extension(case=case)
        # Shown above the fields by admin/includes/step_forms.html.
        self.summary = []
        if pending is not None:
            requester = department_selectors.staff_display_name(
                user=pending.requested_by
            )
            new_due = selectors.extended_due_at(case=case, days=pending.days)
            self.summary = [
                (_("申请人"), requester),
                (_("申请延期"), _("%(days)d 个工作日") % {"days": pending.days}),
                (_("当前办理时限"), _day(case.due_at)),
                (_("批准后办理时限"), _day(new_due)),
                (_("延期理由"), pending.reason),
            ]


class CaseRegisterForm(forms.Form):
    """Staff register a case for a citizen who phoned or came to a window."""

    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[
            (Case.Channel.PHONE, Case.Channel.PHONE.label),
            (Case.Channel.WALK_IN, Case.Channel.WALK_IN.label),
            (Case.Channel.ADMIN, Case.Channel.ADMIN.label),
        ],
    )
    kind = forms.ChoiceField(label=_("类型"), choices=Case.Kind.choices)
    # Empty: the caller does not know whose business it is; the 派单目录 routes it.
    department = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=_("不确定是哪个部门（按派单目录分派）"),
        label=_("承办部门"),
    )
    title = forms.CharField(
        label=_("标题"),
        min_length=TITLE_LENGTH[0],
        max_length=TITLE_LENGTH[1],
        validators=[validate_plain_text],
    )
    content = forms.CharField(
        label=_("内容"),
        min_length=CONTENT_LENGTH[0],
        max_length=CONTENT_LENGTH[1],
        widget=_TEXTAREA,
        validators=[validate_plain_text],
    )
    complainee = forms.CharField(
        label=_("被投诉/举报对象"), required=False, max_length=200
    )
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    is_anonymous = forms.BooleanField(label=_("匿名举报"), required=False)
    publish_consent = forms.BooleanField(label=_("市民同意公开"), required=False)
    sms_consent = forms.BooleanField(
        label=_("市民同意接收短信"),
        required=False,
        help_text=_(
            "请先询问市民。同意后，登记编号和查询码以短信发送到上面的手机号，"
            "办理进度也会短信告知（市民可随时退订）。"
        ),
    )
    address = forms.CharField(label=_("地址"), required=False, max_length=200)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean_contact_phone(self):
        phone = normalise_phone(self.cleaned_data["contact_phone"])
        if phone:
            validate_phone(phone)
        return phone
