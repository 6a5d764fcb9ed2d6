"""django-axes, installed under Chinese names for the back office."""

from axes.apps import AppConfig as AxesAppConfig


class LoginGuardConfig(AxesAppConfig):
    # Still the "axes" app: its models, migrations and permissions keep their label;
    # only the names shown in the back office change.
    verbose_name = "登录安全"

    def ready(self):
        super().ready()
        # Axes ships no Chinese catalogue and the portal speaks only zh-hans, so the
        # one model the admin shows (portal/login_guard/admin.py) is named here.
        attempts = self.get_model("AccessAttempt")._meta
        attempts.verbose_name = "登录失败记录"
        attempts.verbose_name_plural = "登录失败记录"
