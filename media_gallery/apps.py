from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaGalleryConfig(AppConfig):
    name = "media_gallery"
    verbose_name = _("海报与相册")

    def ready(self):
        from media_gallery import signals  # noqa: F401  (connects the receivers)
