"""The history (FeedbackEvent) of a rating, rectification or appeal, read-only on
its admin page. The page itself is scoped to the user's departments; the inline
also needs `feedback.view_feedbackevent`, which every role group holds."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments import selectors as department_selectors
from feedback.models import FeedbackEvent


class FeedbackEventInline(admin.TabularInline):
    """One inline for the three pages: Django finds the foreign key to the page's
    model (evaluation, rectification or appeal) by itself."""

    model = FeedbackEvent
    verbose_name_plural = gettext_lazy("处理记录")
    extra = 0
    can_delete = False
    # The case page's read-only table: no record title at the head of each row.
    template = "admin/cases/case/readonly_tabular.html"
    row_label = ""
    fields = ["created_at", "kind", "actor_name", "note"]
    readonly_fields = fields
    _staff_names: dict[int, str] = {}  # filled per request by get_formset

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances live for one request: the people on this page's rows
        # are named once here, not once a row.
        self._staff_names = {}
        if obj is not None:
            # `events` is the related name on each of the three models.
            actor_ids = obj.events.filter(actor__isnull=False).values("actor_id")
            users = get_user_model().objects.filter(pk__in=actor_ids)
            self._staff_names = department_selectors.staff_display_names(users=users)
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=gettext_lazy("操作人"))
    def actor_name(self, event):
        if event.actor_id is None:
            # No actor: the citizen rated, or the system opened the rectification.
            return _("市民") if event.kind == FeedbackEvent.Kind.RATED else _("系统")
        return self._staff_names.get(event.actor_id, "—")
