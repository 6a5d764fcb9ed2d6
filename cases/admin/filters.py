"""Changelist filters for cases."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors_dispatch, workflow
from cases.models import Case, ExtensionRequest


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


class SignFilter(admin.SimpleListFilter):
    """签收: cases waiting for their department to sign for them, late or not."""

    title = _("签收")
    parameter_name = "sign"

    def lookups(self, request, model_admin):
        return [
            (selectors_dispatch.SIGN_PENDING, _("待签收")),
            (selectors_dispatch.SIGNED, _("已签收")),
            (selectors_dispatch.SIGN_OVERDUE, _("签收超时")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {value for value, _label in self.lookup_choices}:
            return queryset.filter(
                selectors_dispatch.sign_state_filter(self.value(), now=timezone.now())
            )
        return queryset


class DispatchQueueFilter(admin.SimpleListFilter):
    """分拨队列: what dispatchers work, the city's queue and the 退单 to review."""

    title = _("分拨队列")
    parameter_name = "queue"
    _STATUSES = {
        "all": workflow.AT_DISPATCH,
        "dispatching": (Case.Status.DISPATCHING,),
        "returned": (Case.Status.RETURNED,),
    }

    def lookups(self, request, model_admin):
        return [
            ("all", _("待分拨和已退回")),
            ("dispatching", _("待分拨")),
            ("returned", _("已退回（待审核退单）")),
        ]

    def queryset(self, request, queryset):
        statuses = self._STATUSES.get(self.value())
        if statuses:
            return queryset.filter(status__in=statuses)
        return queryset
