"""Back office of the knowledge base.

Department staff keep their departments' entries, supervisors the city-wide
ones and the synonyms (departments.admin_scope.DepartmentOwnedAdmin). Publishing
and withdrawing go through knowledge.services, which refuses to publish text
that still holds personal data; the entry page lists what it found, so staff
see what to remove. 加入知识库 on an answered case page opens a draft here
(`from-case/<id>/`, linked from the case page by knowledge/apps.py).
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.admin.page_tools import CaseTool
from cases.workflow import ANSWERED_FOR_RATING
from departments import selectors as department_selectors
from departments.admin_scope import DepartmentOwnedAdmin, ScopedDepartmentFilter
from kernel.admin_records import ReadOnlyRecordAdmin
from kernel.admin_steps import refusal
from knowledge import selectors, services
from knowledge.models import Entry, EntryEvent, Synonym, UnansweredQuestion
from knowledge.terms import split_alternatives


class StaleFilter(admin.SimpleListFilter):
    title = gettext_lazy("需复核")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("1", gettext_lazy("已过期或多数市民认为没用"))]

    def queryset(self, request, queryset):
        return (
            queryset.filter(selectors.stale_condition())
            if self.value() == "1"
            else queryset
        )


class EntryEventInline(admin.TabularInline):
    model = EntryEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("记录")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EntryForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = [
            "question",
            "answer",
            "keywords",
            "department",
            "service_type",
            "valid_from",
            "valid_until",
        ]

    def clean(self):
        cleaned = super().clean()
        # A published entry stays free of personal data: say so at the field,
        # not as an error page.
        if self.instance.pk and self.instance.status == Entry.Status.PUBLISHED:
            draft = copy.copy(self.instance)
            for name in ("question", "answer", "keywords"):
                setattr(draft, name, cleaned.get(name) or "")
            try:
                services.refuse_personal_data(draft)
            except ValidationError as error:
                self.add_error(None, error.message_dict["answer"])
        return cleaned


@admin.register(Entry)
class EntryAdmin(DepartmentOwnedAdmin):
    form = EntryForm
    staff_department_help = gettext_lazy(
        "请选择您负责的部门之一：您只能维护本部门的条目。全市通用条目由督办人员维护。"
    )
    staff_department_required = gettext_lazy(
        "请选择条目所属的部门（您负责的部门之一）。"
    )
    change_form_template = "admin/knowledge/entry/change_form.html"
    list_display = [
        "question",
        "department_label",
        "status",
        "valid_until",
        "views",
        "helpful_count",
        "unhelpful_count",
        "from_case",
        "updated_at",
    ]
    list_filter = ["status", StaleFilter, ("department", ScopedDepartmentFilter)]
    list_select_related = ["department", "source_case"]
    search_fields = ["question", "keywords"]
    readonly_fields = [
        "status",
        "personal_data",
        "from_case",
        "views",
        "helpful_count",
        "unhelpful_count",
        "published_at",
        "created_by",
    ]
    fieldsets = [
        (None, {"fields": ["question", "answer", "personal_data", "keywords"]}),
        (
            gettext_lazy("归属"),
            {"fields": ["department", "service_type", ("valid_from", "valid_until")]},
        ),
        (
            gettext_lazy("状态与使用"),
            {
                "fields": [
                    "status",
                    "from_case",
                    ("views", "helpful_count", "unhelpful_count"),
                    "published_at",
                    "created_by",
                ]
            },
        ),
    ]
    inlines = [EntryEventInline]
    actions = ["publish_selected", "withdraw_selected"]

    def has_delete_permission(self, request, obj=None):
        # Withdraw instead: the history and the figures keep the entry.
        return False

    @admin.display(description=gettext_lazy("个人信息检查"))
    def personal_data(self, entry):
        if entry.pk is None:
            return _("保存后检查。")
        flags = services.entry_flags(entry)
        if not flags:
            return _("未发现姓名、电话、身份证号、地址等个人信息。")
        return format_html(
            '<ul class="errorlist">{}</ul><p>{}</p>',
            format_html_join(
                "", "<li>{}：{}</li>", ((flag.label, flag.text) for flag in flags)
            ),
            _("请删除上述个人信息后再发布。"),
        )

    @admin.display(description=gettext_lazy("来源诉求"))
    def from_case(self, entry):
        if not entry.source_case_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:cases_case_change", args=[entry.source_case_id]),
            entry.source_case.number,
        )

    def save_model(self, request, obj, form, change):
        services.entry_save(entry=obj, user=request.user)

    def _publish_from_page(self, request, obj):
        try:
            services.entry_publish(entry=obj, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal(error))
            return HttpResponseRedirect(
                reverse("admin:knowledge_entry_change", args=[obj.pk])
            )
        messages.success(request, _("已发布。"))
        return None

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            refused = self._publish_from_page(request, obj)
            if refused is not None:
                return refused
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST:
            refused = self._publish_from_page(request, obj)
            if refused is not None:
                return refused
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=gettext_lazy("发布所选条目"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, services.entry_publish, _("已发布 %(n)d 条。"))

    @admin.action(description=gettext_lazy("撤回所选条目"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        self._each(request, queryset, services.entry_withdraw, _("已撤回 %(n)d 条。"))

    def _each(self, request, queryset, service, done: str):
        succeeded = 0
        for entry in queryset:
            try:
                service(entry=entry, user=request.user)
                succeeded += 1
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"{entry.question}：{refusal(error)}")
        if succeeded:
            messages.success(request, done % {"n": succeeded})

    # 加入知识库 ------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "from-case/<int:case_id>/",
                self.admin_site.admin_view(self.from_case_view),
                name="knowledge_entry_from_case",
            ),
            *super().get_urls(),
        ]

    def from_case_view(self, request, case_id: int):
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            entry = services.entry_draft_from_case(case_id=case_id, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal(error))
            return HttpResponseRedirect(
                reverse("admin:cases_case_change", args=[case_id])
            )
        messages.info(
            request,
            _("已由诉求生成知识条目草稿。请删除标出的个人信息、补充关键词后发布。"),
        )
        return HttpResponseRedirect(
            reverse("admin:knowledge_entry_change", args=[entry.pk])
        )


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "alternatives_shown", "is_active", "updated_at"]
    list_editable = ["is_active"]
    search_fields = ["term", "alternatives"]

    @admin.display(description=gettext_lazy("同义词"))
    def alternatives_shown(self, synonym):
        return " / ".join(split_alternatives(synonym.alternatives))


@admin.register(UnansweredQuestion)
class UnansweredQuestionAdmin(ReadOnlyRecordAdmin, admin.ModelAdmin):
    """问一问 found nothing: what to write entries for (digits masked)."""

    list_display = ["text", "times", "first_asked", "last_asked"]
    search_fields = ["text"]

    def has_delete_permission(self, request, obj=None):
        # Answered now, or noise: a supervisor may clear it.
        return request.user.has_perm("knowledge.delete_unansweredquestion")


def add_to_knowledge(request, case) -> CaseTool | None:
    """The case page's 加入知识库 (or 查看知识条目 once it was added): on an
    answered case, for staff who keep its department's entries."""
    if case.status not in ANSWERED_FOR_RATING or not request.user.has_perm(
        "knowledge.add_entry"
    ):
        return None
    if not department_selectors.may_act_for(request.user, case.department_id):
        return None
    made = selectors.entries_from_case(case_id=case.pk).order_by("pk").first()
    if made is not None:
        return CaseTool(
            _("查看知识条目"), reverse("admin:knowledge_entry_change", args=[made.pk])
        )
    return CaseTool(
        _("加入知识库"),
        reverse("admin:knowledge_entry_from_case", args=[case.pk]),
        _("用本诉求的问题和答复生成知识条目草稿"),
    )
