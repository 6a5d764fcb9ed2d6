"""Back office view of cases. Read-only here: every change of status goes through
`cases.services.case_transition` (the staff workflow builds on it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseAttachment, CaseEvent
from portal.admin_widgets import image_preview


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "note", "is_public"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CaseAttachmentInline(admin.TabularInline):
    model = CaseAttachment
    extra = 0
    can_delete = False
    fields = ["preview", "width", "height"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("图片"))
    def preview(self, attachment):
        return image_preview(attachment.thumbnail, size=120)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "title",
        "department",
        "status",
        "submitted_at",
        "due_at",
    ]
    list_filter = ["kind", "status", "channel", "department", "submitted_at"]
    list_select_related = ["department"]
    search_fields = ["=number", "title", "complainee", "=contact_phone"]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    inlines = [CaseAttachmentInline, CaseEventInline]
    fieldsets = [
        (None, {"fields": ["number", "kind", "channel", "status", "due_at"]}),
        (
            _("诉求内容"),
            {"fields": ["title", "content", "department", "service_type", "complainee"]},
        ),
        (
            _("联系人"),
            {"fields": ["contact_name", "contact_phone", "is_anonymous", "address"]},
        ),
        (
            _("办理"),
            {
                "fields": [
                    "submitted_at",
                    "accepted_at",
                    "replied_at",
                    "closed_at",
                    "rejected_at",
                    "reply",
                    "rejection_reason",
                    "publish_consent",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
