"""个人信息清理记录: what each retention run removed, for supervisors to read."""

from django.contrib import admin

from cases.models import RetentionRun
from kernel.admin_records import ReadOnlyRecordAdmin


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyRecordAdmin, admin.ModelAdmin):
    list_display = [
        "started_at",
        "finished_at",
        "cases_anonymised",
        "photos_deleted",
        "contact_keep_days",
        "photo_keep_days",
    ]
    list_filter = ["started_at"]
    date_hierarchy = "started_at"
