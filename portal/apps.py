from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_role_groups(sender, using, **kwargs):
    from portal.roles import ensure_role_groups

    ensure_role_groups()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from portal import checks  # noqa: F401 - registers the system checks

        # Sent for every app; portal is the last app, so all permissions exist.
        post_migrate.connect(_create_role_groups, sender=self)
