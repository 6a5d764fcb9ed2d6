from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_role_groups(sender, using, **kwargs):
    """After the last app's permissions exist, make the role groups. post_migrate
    is sent once per app *with models*; portal has none, so a receiver tied to it
    never ran (a fresh `migrate` left the back office without roles)."""
    from django.apps import apps

    from departments.roles import ensure_role_groups

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is with_models[-1]:
        ensure_role_groups()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from portal import checks  # noqa: F401 - registers the system checks
        from portal.composed import ledger

        ledger.connect()

        post_migrate.connect(_create_role_groups, dispatch_uid="portal-role-groups")
