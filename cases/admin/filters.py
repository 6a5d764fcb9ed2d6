"""Changelist filters for cases."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import workflow
from cases.models import ExtensionRequest


class DeadlineFilter(admin.SimpleListFilter):
    title = _("办理时限")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("已超期")), ("due_soon", _("24小时内到期"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "overdue":
            return queryset.filter(status__in=workflow.OPEN, due_at__lt=now)
        if self.value() == "due_soon":
            return queryset.filter(
                status__in=workflow.OPEN,
                due_at__gte=now,
                due_at__lt=now + timedelta(hours=24),
            )
        return queryset


class ExtensionFilter(admin.SimpleListFilter):
    """Cases with an extension request waiting for a decision (the 待办 header
    links here)."""

    title = _("延期申请")
    parameter_name = "extension"

    def lookups(self, request, model_admin):
        return [("pending", _("待审批"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            pending = ExtensionRequest.objects.filter(
                case=OuterRef("pk"), decision=ExtensionRequest.Decision.PENDING
            )
            return queryset.filter(Exists(pending))
        return queryset
