from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("部门与服务")

    def ready(self):
        from departments import cache  # noqa: F401  (connects the receivers)
