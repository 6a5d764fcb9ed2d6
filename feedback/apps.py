from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("评价与反馈")

    def ready(self):
        from feedback import signals  # noqa: F401  (connects the receivers)
