"""Admin pages of records (export log, contact-access log, moderation log, the
invite list): staff read them; nobody adds, edits or deletes a row by hand."""

from kernel.admin_privacy import PersonalFieldsAdmin


class ReadOnlyRecordAdmin(PersonalFieldsAdmin):
    """Mix in before `admin.ModelAdmin`."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
