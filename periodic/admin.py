"""The job states, read-only, for supervisors: what ran when, how it went, and
what is running now. Nothing here changes a schedule; that lives in the code."""

from django.contrib import admin

from departments import selectors as department_selectors
from periodic.models import JobState


@admin.register(JobState)
class JobStateAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "schedule",
        "next_due_at",
        "last_started_at",
        "last_duration",
        "last_outcome",
        "last_error",
        "running_since",
        "runs",
        "failures",
    ]
    list_filter = ["last_outcome"]
    search_fields = ["name"]
    exclude = ["run_token"]

    def has_module_permission(self, request):
        return department_selectors.is_supervisor(request.user)

    def has_view_permission(self, request, obj=None):
        return department_selectors.is_supervisor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
