from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodicConfig(AppConfig):
    name = "periodic"
    verbose_name = _("定时任务")
    default_auto_field = "django.db.models.BigAutoField"
