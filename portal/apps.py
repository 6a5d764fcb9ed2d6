from datetime import time, timedelta

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _prune_orphan_files(*, now):
    """Daily, with the command's default age: a file younger than a day may belong
    to a submission still being saved (portal/orphan_files.py)."""
    from portal import orphan_files

    orphan_files.orphan_files_prune(now=now, min_age=timedelta(hours=24))


def _deliver_due_messages(*, now):
    """Requeue the outbox messages whose delivery task was lost. Registered here,
    not in notifications: periodic and notifications share a layer and may not
    import each other, so the site plugs them together."""
    from notifications.delivery import deliver_due_messages

    deliver_due_messages(now)


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
        from portal import (
            checks,  # noqa: F401 - registers the system checks
            metrics,
        )
        from portal.composed import ledger

        ledger.connect()
        metrics.connect()

        post_migrate.connect(_create_role_groups, dispatch_uid="portal-role-groups")

        from periodic.registry import register

        register("prune_orphan_files", daily_at=time(3, 40), func=_prune_orphan_files)
        register(
            "deliver_due_messages",
            every=timedelta(minutes=1),
            func=_deliver_due_messages,
        )
