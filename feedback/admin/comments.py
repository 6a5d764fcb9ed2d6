"""Moderating citizens' comments: impressions and leader reviews (scoped to the
user's departments), the moderation log (supervisors), and the lists of tags and
sensitive words (supervisors)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from departments import selectors as department_selectors
from departments.admin_scope import DepartmentScopedAdmin, ScopedDepartmentFilter
from feedback.admin.steps import MODERATION_STEPS, FeedbackStepsAdmin
from feedback.models import (
    DepartmentImpression,
    ImpressionTag,
    LeaderReview,
    ModerationLog,
    SensitiveWord,
)
from kernel.admin_records import ReadOnlyRecordAdmin


class ModerationLogInline(admin.TabularInline):
    """Shown to those who may read the moderation log (supervisors)."""

    model = ModerationLog
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "reason", "note", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _ModeratedAdmin(FeedbackStepsAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    # 隐藏 and 恢复 / 审核发布 on the comment's page, and as actions on the list.
    steps = MODERATION_STEPS
    inlines = [ModerationLogInline]
    list_filter = ["status", "score", "hide_reason", "counts_in_average"]
    search_fields = ["comment"]
    date_hierarchy = "created_at"


@admin.register(DepartmentImpression)
class DepartmentImpressionAdmin(_ModeratedAdmin):
    department_scope = "department"
    list_display = [
        "created_at",
        "department",
        "score",
        "tag_names",
        "comment",
        "status",
        "hide_reason",
        "counts_in_average",
    ]
    list_filter = [
        *_ModeratedAdmin.list_filter,
        ("department", ScopedDepartmentFilter),
    ]
    list_select_related = ["department"]
    extra_readonly = ["tag_names"]
    exclude = ["tags"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("印象"))
    def tag_names(self, impression):
        return "、".join(tag.name for tag in impression.tags.all())


@admin.register(LeaderReview)
class LeaderReviewAdmin(_ModeratedAdmin):
    department_scope = "leader__department"
    list_display = [
        "created_at",
        "leader",
        "department",
        "score",
        "comment",
        "status",
        "hide_reason",
        "counts_in_average",
    ]
    list_filter = [
        *_ModeratedAdmin.list_filter,
        ("leader__department", ScopedDepartmentFilter),
    ]
    list_select_related = ["leader__department"]
    extra_readonly = ["department"]

    @admin.display(description=_("部门"), ordering="leader__department")
    def department(self, review):
        return review.leader.department


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyRecordAdmin, admin.ModelAdmin):
    list_display = ["created_at", "action", "target", "reason", "note", "actor"]
    list_filter = ["action", "reason", "created_at"]
    list_select_related = ["impression__department", "review__leader", "actor"]
    date_hierarchy = "created_at"

    @admin.display(description=_("评论"))
    def target(self, log):
        return log.item

    def has_view_permission(self, request, obj=None):
        # The log is for supervisors, whatever model permissions a role carries.
        return super().has_view_permission(
            request, obj
        ) and department_selectors.is_supervisor(request.user)


@admin.register(ImpressionTag)
class ImpressionTagAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name"]


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    list_display = ["word", "is_active", "created_at"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["word"]
