from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = _("市民账户")
    default_auto_field = "django.db.models.BigAutoField"
