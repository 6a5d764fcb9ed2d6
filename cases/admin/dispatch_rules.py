"""The 派单目录 in the back office: the ordered rules that place a case whose
citizen did not know the department, and a 试一试 form on the list that shows
which rule a sample text would hit (`cases.routing.route_for`, as routing does).

Dispatchers and supervisors keep it (their roles hold the model permissions,
departments/roles.py)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import DispatchRule
from cases.routing import route_for, split_keywords
from departments import selectors as department_selectors
from departments.services import DISPATCH_CENTER_NAME

# The preview's fields travel in the list's query string, beside its filters.
PREVIEW_PREFIX = "try"


class DispatchRuleForm(forms.ModelForm):
    class Meta:
        model = DispatchRule
        fields = [
            "name",
            "sort_order",
            "active",
            "service_type",
            "keywords",
            "department",
            "marks_urgent",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Never the dispatch centre: unmatched cases go there by themselves.
        self.fields["department"].queryset = department_selectors.department_list()
        self.fields["service_type"].queryset = department_selectors.service_type_list()

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("service_type")
            and not (cleaned.get("keywords") or "").strip()
        ):
            raise forms.ValidationError(
                _("请至少填写服务类型或关键词之一，否则本规则不会命中任何诉求。")
            )
        return cleaned


class RoutePreviewForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=100, required=False)
    content = forms.CharField(
        label=_("内容"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    service_type = forms.ModelChoiceField(
        queryset=None, required=False, label=_("服务类型")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=PREVIEW_PREFIX, **kwargs)
        self.fields["service_type"].queryset = department_selectors.service_type_list()

    def clean(self):
        cleaned = super().clean()
        if (
            not (cleaned.get("title") or "").strip()
            and not (cleaned.get("content") or "").strip()
        ):
            raise forms.ValidationError(_("请填写标题或内容，再试一试。"))
        return cleaned


def route_preview(data) -> tuple[RoutePreviewForm, dict | None]:
    """The 试一试 form bound to `data`, and what routing would do (None: the form
    was not sent, or is invalid)."""
    sent = any(key.startswith(f"{PREVIEW_PREFIX}-") for key in data)
    form = RoutePreviewForm(data if sent else None)
    if not sent or not form.is_valid():
        return form, None
    service_type = form.cleaned_data["service_type"]
    decision = route_for(
        title=form.cleaned_data["title"],
        content=form.cleaned_data["content"],
        service_type_id=service_type.pk if service_type else None,
    )
    return form, {
        "rule": decision.rule,
        "department": (
            decision.department.name if decision.department else DISPATCH_CENTER_NAME
        ),
        "is_urgent": decision.is_urgent,
    }


@admin.register(DispatchRule)
class DispatchRuleAdmin(admin.ModelAdmin):
    form = DispatchRuleForm
    list_display = [
        "sort_order",
        "name",
        "active",
        "service_type",
        "keyword_list",
        "department",
        "marks_urgent",
    ]
    list_display_links = ["name"]
    list_editable = ["sort_order", "active"]
    list_filter = ["active", "marks_urgent", "department"]
    list_select_related = ["service_type", "department"]
    search_fields = ["name", "keywords"]
    ordering = ["sort_order", "id"]
    change_list_template = "admin/cases/dispatchrule/change_list.html"

    @admin.display(description=_("关键词"))
    def keyword_list(self, rule):
        return "、".join(split_keywords(rule.keywords)) or "—"

    def changelist_view(self, request, extra_context=None):
        form, result = route_preview(request.GET)
        # The list's own filters must not see the preview's fields.
        params = request.GET.copy()
        for key in list(params):
            if key.startswith(f"{PREVIEW_PREFIX}-"):
                del params[key]
        request.GET = params
        return super().changelist_view(
            request,
            {**(extra_context or {}), "preview_form": form, "preview": result},
        )
