from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The data migrations whose `seed` writes default templates, in order.
SEEDING_MIGRATIONS = (
    "0002_default_templates",
    "0003_notices_12345_templates",
    "0004_appointment_templates",
)


def _ensure_default_templates(sender, apps=None, **kwargs):
    """The default Chinese templates, again after a flush: `flush` (and so every
    transactional test) empties the table and re-sends post_migrate, but never
    re-runs the data migration. The migration's own seed, so the texts live once;
    it skips the templates that exist, so an edited one stays as edited."""
    if apps is None:  # flush sends no migration state: the models as they are
        from django.apps import apps
    try:
        apps.get_model("notifications", "MessageTemplate")
    except LookupError:  # migrated back before the templates table
        return
    for migration in SEEDING_MIGRATIONS:
        import_module(f"notifications.migrations.{migration}").seed(apps, None)


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("消息通知")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_default_templates, sender=self)
