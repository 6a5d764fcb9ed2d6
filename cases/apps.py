from datetime import time, timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


# The periodic jobs call what the management commands call, with the same
# defaults; settings are read when a job runs, never at import time.
def _apply_retention(*, now):
    from django.conf import settings

    from cases import services

    services.retention_apply(
        now=now,
        contact_keep_days=settings.CASE_CONTACT_KEEP_DAYS,
        photo_keep_days=settings.CASE_PHOTO_KEEP_DAYS,
        dry_run=False,
    )


def _prune_ledger_exports(*, now):
    from django.conf import settings

    from cases import services

    services.ledger_exports_prune(now=now, keep_days=settings.LEDGER_EXPORT_KEEP_DAYS)


def _remind_overdue(*, now):
    # The command keeps its logic in handle(); its output (case titles, staff
    # names) is swallowed so that the runner's log carries no personal data.
    from io import StringIO

    from django.core.management import call_command

    call_command("remind_overdue", stdout=StringIO(), stderr=StringIO())


def _escalate_cases(*, now):
    from cases.escalation import escalation_run

    escalation_run(now=now)


def _expire_info_waits(*, now):
    from cases import services

    services.info_waits_expire(now=now)


def _compact_rollups(*, now):
    from cases import rollups

    rollups.rollups_compact()


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("诉求办理")

    def ready(self):
        from periodic.registry import register

        register("apply_retention", daily_at=time(3, 0), func=_apply_retention)
        register(
            "prune_ledger_exports", daily_at=time(3, 20), func=_prune_ledger_exports
        )
        register("remind_overdue", daily_at=time(8, 30), func=_remind_overdue)
        # Just after midnight, once the citizen's last day has ended (补充材料).
        register("info_waits_expire", daily_at=time(0, 10), func=_expire_info_waits)
        # 催办 → 督办 → 通报 (cases/escalation.py): a quarter of an hour late at most.
        register("escalate_cases", every=timedelta(minutes=15), func=_escalate_cases)
        # The rows each submission appends to its roll-ups, folded (cases/rollups.py).
        register("compact_rollups", every=timedelta(minutes=10), func=_compact_rollups)
