"""Read-only inlines of the case page: photos, extension requests, the timeline."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from cases.models import CaseAttachment, CaseEvent, ExtensionRequest
from portal.admin_widgets import image_preview


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseAttachmentInline(_ReadOnlyInline):
    model = CaseAttachment
    fields = ["preview", "width", "height"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("图片"))
    def preview(self, attachment):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            attachment.image.url,
            image_preview(attachment.thumbnail, size=160),
        )


class ExtensionRequestInline(_ReadOnlyInline):
    model = ExtensionRequest
    fields = [
        "requested_at",
        "requested_by",
        "days",
        "reason",
        "decision",
        "decided_by",
    ]
    readonly_fields = fields


class CaseEventInline(_ReadOnlyInline):
    model = CaseEvent
    verbose_name_plural = gettext_lazy("办理记录（含内部备注）")
    fields = ["created_at", "actor", "action", "to_status", "note", "is_public"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")
