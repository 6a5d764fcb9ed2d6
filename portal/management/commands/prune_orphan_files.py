"""Delete uploaded photos and pictures no row references (portal.orphan_files).
Safe to run from cron daily: files younger than a day may belong to a submission
still being saved, so they are left for the next run."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import orphan_files


class Command(BaseCommand):
    help = "删除上传目录中没有任何记录引用、且超过一天的图片文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="只列出将删除的文件，不删除。"
        )
        parser.add_argument(
            "--min-age-hours",
            type=int,
            default=24,
            help="只删除早于这么多小时的文件，默认 24。",
        )

    def handle(self, *args, dry_run, min_age_hours, **options):
        if min_age_hours < 1:
            raise CommandError("--min-age-hours 至少为 1。")
        result = orphan_files.orphan_files_prune(
            now=timezone.now(),
            min_age=timedelta(hours=min_age_hours),
            dry_run=dry_run,
        )
        verb = "将删除" if dry_run else "已删除"
        for name in result.removed:
            # Names are random uuids under the upload folders: nothing personal.
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(
            f"检查 {result.scanned} 个文件，{verb} {len(result.removed)} 个无引用文件，"
            f"保留 {result.fresh} 个不足 {min_age_hours} 小时的无引用文件。"
        )
