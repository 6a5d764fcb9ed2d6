from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _prune_key_uses(*, now):
    from django.conf import settings

    from open311 import services

    services.key_uses_prune(now=now, keep_days=settings.OPEN311_KEY_USE_KEEP_DAYS)


class Open311Config(AppConfig):
    name = "open311"
    verbose_name = _("Open311 开放接口")

    def ready(self):
        from periodic.registry import register

        # Network logs are kept six months (网络安全法 第二十一条), then go.
        register("open311_prune_key_uses", daily_at=time(3, 50), func=_prune_key_uses)
