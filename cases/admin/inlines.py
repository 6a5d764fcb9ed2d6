"""Read-only inlines of the case page: photos, extension requests, the timeline.

Rows are titled for people (照片 1, 照片 2, …) rather than by the records'
`__str__` (file paths, "TS-…: submitted → accepted"), statuses show their Chinese
labels, and staff are named by `departments.selectors.staff_display_names`.
An assignment's event names the officer in its note (指定承办人：张三, 改派：张三 →
李四). The co-handling rows are `cases.admin.inlines_team.CoHandlingInline`, made
from `ReadOnlyInline` here.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseAttachment, CaseEvent, ExtensionRequest
from departments import selectors as department_selectors
from kernel.admin_widgets import image_preview


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    template = "admin/cases/case/readonly_tabular.html"
    # "照片" gives rows the title 照片 1, 照片 2, …; empty: no title column.
    row_label = ""
    # The user fields whose people this inline names (see `staff_name`).
    user_fields: tuple[str, ...] = ()
    _staff_names: dict[int, str] = {}  # filled per request by get_formset

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances live for one request, so the names of everyone on this
        # case's rows are looked up once here, in four queries, not once a row.
        self._staff_names = {}
        if obj is not None and self.user_fields:
            rows = self.model.objects.filter(case=obj)
            ids = {pk for row in rows.values_list(*self.user_fields) for pk in row}
            users = get_user_model().objects.filter(pk__in=ids - {None})
            self._staff_names = department_selectors.staff_display_names(users=users)
        return super().get_formset(request, obj, **kwargs)

    def staff_name(self, user_id, *, nobody="—"):
        if user_id is None:
            return nobody
        return self._staff_names.get(user_id, "—")


class CaseAttachmentInline(ReadOnlyInline):
    model = CaseAttachment
    verbose_name_plural = gettext_lazy("照片")
    row_label = gettext_lazy("照片")
    fields = ["preview", "size"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("图片（点击看原图）"))
    def preview(self, attachment):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}<span class="visually-hidden">{}</span></a>',
            attachment.image.url,
            image_preview(attachment.thumbnail, size=160),
            _("打开原图"),
        )

    @admin.display(description=gettext_lazy("尺寸"))
    def size(self, attachment):
        return f"{attachment.width} × {attachment.height}"


class ExtensionRequestInline(ReadOnlyInline):
    model = ExtensionRequest
    user_fields = ("requested_by", "decided_by")
    fields = [
        "requested_at",
        "requester",
        "days",
        "reason",
        "decision",
        "decider",
        "decided_at",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("申请人"))
    def requester(self, extension):
        return self.staff_name(extension.requested_by_id)

    @admin.display(description=gettext_lazy("审批人"))
    def decider(self, extension):
        return self.staff_name(extension.decided_by_id)


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    verbose_name_plural = gettext_lazy("办理记录（含内部备注）")
    user_fields = ("actor",)
    fields = [
        "created_at",
        "actor_name",
        "action",
        "status_change",
        "note",
        "is_public",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("操作人"))
    def actor_name(self, event):
        # No actor: the citizen submitted it, or the system moved it.
        nobody = _("市民") if event.action == CaseEvent.Action.SUBMIT else _("系统")
        return self.staff_name(event.actor_id, nobody=nobody)

    @admin.display(description=gettext_lazy("状态"))
    def status_change(self, event):
        to_label = Case.Status(event.to_status).label
        if not event.from_status or event.from_status == event.to_status:
            return to_label
        return f"{Case.Status(event.from_status).label} → {to_label}"
