"""好差评 in the back office: ratings, 差评整改 (回访 and 整改结果), appeals
(departments request, supervisors decide), and the list of answered cases still
unrated, all scoped to the user's departments."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments import selectors as department_selectors
from departments.admin_scope import DepartmentScopedAdmin, ScopedDepartmentFilter
from feedback import notices as feedback_notices
from feedback import selectors
from feedback.admin.events import FeedbackEventInline
from feedback.admin.steps import (
    APPEAL_DECISION_STEPS,
    APPEAL_STEP,
    RECTIFICATION_STEPS,
    FeedbackStepsAdmin,
)
from feedback.models import Appeal, CaseEvaluation, Rectification, UnratedCase
from kernel.admin_records import ReadOnlyRecordAdmin
from kernel.admin_widgets import department_abbr, due_day, short_moment


@admin.register(CaseEvaluation)
class CaseEvaluationAdmin(FeedbackStepsAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    steps = [APPEAL_STEP]
    list_display = [
        "created_at",
        "case",
        "reply_round",
        "department",
        "level",
        "comment",
        "is_void",
    ]
    list_filter = [
        "level",
        "is_void",
        ("department", ScopedDepartmentFilter),
        "created_at",
    ]
    list_select_related = ["case", "department"]
    search_fields = ["=case__number", "comment"]
    inlines = [FeedbackEventInline]
    date_hierarchy = "created_at"
    # Its capped count walks evaluation_(dept_)list_order, as the page does.
    count_in_list_order = True


def _flag(state: str) -> str:
    if state == "overdue":
        return format_html('<strong style="color:#b91c1c">{}</strong>', _("整改超期"))
    if state == "contact_overdue":
        return format_html('<strong style="color:#b45309">{}</strong>', _("回访超期"))
    return "—"


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("整改进度")
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext_lazy("已超期（回访或整改）")),
            ("open", gettext_lazy("整改中")),
            ("contact", gettext_lazy("待回访")),
            ("done", gettext_lazy("已完成")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(selectors.overdue_q(timezone.now()))
        if self.value() == "open":
            return queryset.filter(completed_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(completed_at__isnull=False)
        if self.value() == "contact":  # the 待办 header links here
            return queryset.filter(completed_at__isnull=True, contacted_at__isnull=True)
        return queryset


@admin.register(Rectification)
class RectificationAdmin(FeedbackStepsAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    # Short moments and days, short department names: the list fits a 1280 px
    # screen beside the admin's menu (kernel.admin_widgets).
    list_display = [
        "evaluation",
        "department_name",
        "opened",
        "contact_due",
        "contacted",
        "due",
        "completed",
        "overdue_flag",
    ]
    list_filter = [OverdueFilter, ("department", ScopedDepartmentFilter)]
    list_select_related = ["evaluation__case", "department"]
    inlines = [FeedbackEventInline]
    search_fields = ["=evaluation__case__number"]
    extra_readonly = ["overdue_flag", "evaluation_comment"]
    steps = RECTIFICATION_STEPS

    @admin.display(
        description=gettext_lazy("整改部门"), ordering="department__sort_order"
    )
    def department_name(self, rectification):
        return department_abbr(rectification.department)

    @admin.display(description=gettext_lazy("开始时间"), ordering="opened_at")
    def opened(self, rectification):
        return short_moment(rectification.opened_at)

    @admin.display(description=gettext_lazy("回访时限"), ordering="contact_due_at")
    def contact_due(self, rectification):
        return due_day(rectification.contact_due_at)

    @admin.display(description=gettext_lazy("回访时间"), ordering="contacted_at")
    def contacted(self, rectification):
        return short_moment(rectification.contacted_at)

    @admin.display(description=gettext_lazy("整改时限"), ordering="due_at")
    def due(self, rectification):
        return due_day(rectification.due_at)

    @admin.display(description=gettext_lazy("完成时间"), ordering="completed_at")
    def completed(self, rectification):
        return short_moment(rectification.completed_at)

    @admin.display(description=gettext_lazy("超期提醒"))
    def overdue_flag(self, rectification):
        return _flag(
            selectors.rectification_state(
                rectification=rectification, now=timezone.now()
            )
        )

    @admin.display(description=gettext_lazy("评价意见"))
    def evaluation_comment(self, rectification):
        evaluation = rectification.evaluation
        return f"{evaluation.get_level_display()}：{evaluation.comment or '—'}"

    def changelist_view(self, request, extra_context=None):
        # Supervisors are told at once how many rectifications are late.
        if department_selectors.is_supervisor(request.user):
            late = selectors.overdue_rectifications().count()
            if late:
                messages.warning(
                    request,
                    _("有 %(n)d 项差评整改已超过回访或整改时限。") % {"n": late},
                )
        return super().changelist_view(request, extra_context)


@admin.register(Appeal)
class AppealAdmin(FeedbackStepsAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    list_display = [
        "requested_at",
        "evaluation",
        "department",
        "requested_by",
        "decision",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["decision", ("department", ScopedDepartmentFilter)]
    list_select_related = ["evaluation__case", "department", "requested_by"]
    inlines = [FeedbackEventInline]
    search_fields = ["=evaluation__case__number"]
    steps = APPEAL_DECISION_STEPS


@admin.register(UnratedCase)
class UnratedCaseAdmin(ReadOnlyRecordAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    """待邀评诉求: answered some days ago, still unrated; staff invite a rating."""

    list_display = [
        "number",
        "title",
        "department",
        "status",
        "replied_at",
        "case_link",
    ]
    list_display_links = None
    list_filter = ["kind", ("department", ScopedDepartmentFilter)]
    search_fields = ["=number", "title"]
    ordering = ["replied_at", "id"]
    # Its capped count walks case_answered_order, as the page does.
    count_in_list_order = True
    actions = ["invite_rating"]

    def get_queryset(self, request):
        return selectors.unrated_answered_cases(cases=super().get_queryset(request))

    @admin.action(description=gettext_lazy("邀请评价（短信/微信，每次答复一次）"))
    def invite_rating(self, request, queryset):
        # The daily job's message now; the selection is the scoped unrated list,
        # so a case out of scope or rated meanwhile cannot be invited from here.
        queued, skipped = feedback_notices.rating_invites_queue(cases=queryset)
        messages.success(
            request,
            _("已发送 %(queued)d 件诉求的评价邀请。") % {"queued": queued},
        )
        if skipped:
            messages.info(
                request,
                _(
                    "%(skipped)d 件未发送：本次答复已邀请过，或市民未同意短信通知且未关联微信。"
                )
                % {"skipped": skipped},
            )

    @admin.display(description=gettext_lazy("办理页"))
    def case_link(self, case):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:cases_case_change", args=[case.pk]),
            _("打开诉求"),
        )
