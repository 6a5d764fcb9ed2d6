"""登录失败记录: the failed admin logins, and where supervisors unlock.

One row per user name, address and browser with its count of failures. Deleting rows
is unlocking: the user name at that address can try again at once. An address locked
as a whole (too many failures with any user names) is unlocked by searching for the
address and unlocking all its rows. Supervisors hold view and delete permission
(departments/roles.py); nobody adds or edits rows by hand.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@admin.register(AccessAttempt)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["last_failure", "user_name", "address", "failures", "state"]
    search_fields = ["username", "ip_address"]
    search_help_text = gettext_lazy("按用户名或地址搜索")
    ordering = ["-attempt_time"]
    actions = ["unlock"]
    fields = ["last_failure", "user_name", "address", "browser", "failures", "state"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("最近一次失败"), ordering="attempt_time")
    def last_failure(self, attempt):
        return timezone.localtime(attempt.attempt_time).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description=gettext_lazy("用户名"), ordering="username")
    def user_name(self, attempt):
        return attempt.username or "—"

    @admin.display(description=gettext_lazy("地址"), ordering="ip_address")
    def address(self, attempt):
        return attempt.ip_address or "—"

    @admin.display(description=gettext_lazy("浏览器"))
    def browser(self, attempt):
        return attempt.user_agent or "—"

    @admin.display(
        description=gettext_lazy("失败次数"), ordering="failures_since_start"
    )
    def failures(self, attempt):
        return attempt.failures_since_start

    @admin.display(description=gettext_lazy("状态"))
    def state(self, attempt):
        if timezone.now() - attempt.attempt_time >= settings.AXES_COOLOFF_TIME:
            return _("已过锁定期")
        left = settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
        if left <= 0:
            return _("已锁定")
        return _("还可尝试 %(left)d 次") % {"left": left}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # "解除锁定" says what deleting these rows means; one action, not two.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(
        description=gettext_lazy("解除所选记录的锁定"), permissions=["delete"]
    )
    def unlock(self, request, queryset):
        count = queryset.count()
        # In the admin's history, like any deletion: who unlocked what, and when.
        self.log_deletions(request, queryset)
        queryset.delete()
        self.message_user(
            request,
            _("已解除 %(count)d 条记录的锁定，可以重新登录。") % {"count": count},
        )
