"""The case page's steps for 并单 and 拆分 (see cases/admin/steps.py).

并单 asks for the main case's number (and a note the citizen reads), confirmed in
a dialog since the case then stops being handled by itself; it is also a list
action, to merge several selected duplicates into one main case at once. 撤销并单
asks for the reason. 拆分 offers up to `MAX_CHILDREN` rows (department, title,
content); the rows left empty are ignored, and the service checks the rest as a
submission's title and content are checked.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.admin.step_page import CaseStepPage
from cases.serializers import CONTENT_LENGTH, TITLE_LENGTH
from cases.services import merging
from cases.services.merging_split import MAX_CHILDREN
from departments import selectors as department_selectors
from kernel.admin_steps import BulkAction

_TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


class MergeForm(forms.Form):
    main_case = forms.CharField(
        label=_("主件登记编号"),
        max_length=20,
        help_text=_("与本件反映同一问题、尚未答复的诉求，如 TS-20261122-0001。"),
    )
    note = forms.CharField(
        label=_("说明（市民可见）"), required=False, max_length=2000, widget=_TEXTAREA
    )


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销原因（市民可见）"), max_length=2000, widget=_TEXTAREA
    )


class SplitForm(forms.Form):
    """Up to MAX_CHILDREN children, each a department, a title and a content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = department_selectors.department_list()
        for n in range(1, MAX_CHILDREN + 1):
            self.fields[f"department_{n}"] = forms.ModelChoiceField(
                queryset=departments,
                required=False,
                label=_("第 %(n)d 件 承办部门") % {"n": n},
            )
            self.fields[f"title_{n}"] = forms.CharField(
                required=False,
                max_length=TITLE_LENGTH[1],
                label=_("第 %(n)d 件 标题") % {"n": n},
            )
            self.fields[f"content_{n}"] = forms.CharField(
                required=False,
                max_length=CONTENT_LENGTH[1],
                widget=_TEXTAREA,
                label=_("第 %(n)d 件 内容") % {"n": n},
            )

    def children(self) -> list[dict]:
        """The rows filled in at all, as `case_split` takes them."""
        rows = []
        for n in range(1, MAX_CHILDREN + 1):
            department = self.cleaned_data.get(f"department_{n}")
            title = self.cleaned_data.get(f"title_{n}", "")
            content = self.cleaned_data.get(f"content_{n}", "")
            if department or title.strip() or content.strip():
                rows.append(
                    {
                        "department_id": department.pk if department else None,
                        "title": title,
                        "content": content,
                    }
                )
        return rows

    def clean(self):
        data = super().clean()
        data["children"] = self.children()
        return data


def _numbers(children) -> str:
    return "、".join(child.number for child in children)


PAGE: dict[str, CaseStepPage] = {
    "merge": CaseStepPage(
        MergeForm,
        lambda c, u, d: merging.case_merge(
            case=c, actor=u, main_number=d["main_case"], note=d["note"]
        ),
        confirm=_(
            "确认将本诉求并入“{main_case}”？并单后本件随主件一并办理、一并答复。"
        ),
        done_message=lambda case: (
            _("已并入 %(main)s") % {"main": case.merged_into.number}
        ),
        bulk=BulkAction(
            _("将所选诉求并入主件"),
            summary=_("已并入 %(done)d 件，%(refused)d 件未能并入。"),
        ),
    ),
    "unmerge": CaseStepPage(
        UnmergeForm,
        lambda c, u, d: merging.case_unmerge(case=c, actor=u, reason=d["reason"]),
    ),
    "split": CaseStepPage(
        SplitForm,
        lambda c, u, d: merging.case_split(case=c, actor=u, children=d["children"]),
        confirm=_("确认拆分本诉求？拆分后本件不再办理，由拆分出的诉求分别办理。"),
        done_message=lambda children: (
            _("已拆分为 %(numbers)s") % {"numbers": _numbers(children)}
        ),
    ),
}
