"""The case page's steps for 承办人 and 协办 (see cases/admin/steps.py): 指定承办人
(a select of the department's officers), 发起协办 (the departments to invite and a
note) and 提交协办意见 (the opinion)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import selectors_team, services
from cases.admin.step_page import CaseStepPage
from cases.models import Case, CoHandling
from cases.services.team import person_name
from departments import selectors as department_selectors
from kernel.admin_steps import text_form

_TEXTAREA = forms.Textarea(attrs={"rows": 4, "cols": 60})


class _StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class AssignForm(forms.Form):
    assignee = _StaffChoiceField(queryset=None, label=_("承办人"))
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=_TEXTAREA
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        staff = selectors_team.assignable_staff(department=case.department)
        # Choosing the current handler again would only be refused.
        if case.assignee_id is not None:
            staff = staff.exclude(pk=case.assignee_id)
        self.fields["assignee"].queryset = staff


class CoHandlingInviteForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("协办部门"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("受邀部门可查看本诉求并在时限内提交协办意见，不能答复市民。"),
    )
    note = forms.CharField(
        label=_("协办事项"), required=False, max_length=2000, widget=_TEXTAREA
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        invited = CoHandling.objects.filter(case=case).values("department_id")
        self.fields["departments"].queryset = (
            department_selectors.department_list()
            .exclude(pk=case.department_id)
            .exclude(pk__in=invited)
        )


CoHandlingOpinionForm = text_form("CoHandlingOpinionForm", "opinion", _("协办意见"))


PAGE: dict[str, CaseStepPage] = {
    "assign": CaseStepPage(
        AssignForm,
        lambda c, u, d: services.case_assign(
            case=c, actor=u, assignee=d["assignee"], note=d["note"]
        ),
        needs_case=True,
        done_message=lambda case: (
            _("承办人已指定为 %(name)s") % {"name": person_name(case.assignee)}
        ),
    ),
    "co_handle_invite": CaseStepPage(
        CoHandlingInviteForm,
        lambda c, u, d: services.co_handling_invite(
            case=c,
            actor=u,
            department_ids=[department.pk for department in d["departments"]],
            note=d["note"],
        ),
        needs_case=True,
    ),
    "co_handle_opinion": CaseStepPage(
        CoHandlingOpinionForm,
        lambda c, u, d: services.co_handling_answer(
            case=c, actor=u, opinion=d["opinion"]
        ),
    ),
}
