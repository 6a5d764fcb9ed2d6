"""Delete background ledger files past their retention period (they hold names and
phone numbers in full). Safe to run from cron daily: the export records stay as the
audit trail, and a file still being written is never touched."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases import services


class Command(BaseCommand):
    help = "删除超过保留期限的台账导出文件（记录保留），放弃长期未完成的导出。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="保留天数，默认为 LEDGER_EXPORT_KEEP_DAYS（7 天）。",
        )

    def handle(self, *args, days, **options):
        keep_days = settings.LEDGER_EXPORT_KEEP_DAYS if days is None else days
        if keep_days < 1:
            raise CommandError("保留天数至少为 1 天。")
        result = services.ledger_exports_prune(now=timezone.now(), keep_days=keep_days)
        self.stdout.write(
            f"已删除 {result.expired} 个超过 {keep_days} 天的台账文件，"
            f"放弃 {result.abandoned} 个未完成的导出，"
            f"清理 {result.stray_files} 个无记录的文件。"
        )
