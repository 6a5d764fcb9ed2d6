"""Copy the disk's uploads and ledger files into the object store's buckets
(portal.media_copy); `--create-buckets` makes them first."""

from django.core.management.base import BaseCommand, CommandError

from portal import media_copy


class Command(BaseCommand):
    help = "把本机磁盘上的上传文件和台账文件复制到对象存储（S3_* 设置的存储桶）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不复制。")
        parser.add_argument(
            "--create-buckets",
            action="store_true",
            help="先创建缺少的存储桶，并允许公开读取公共存储桶。",
        )

    def handle(self, *args, dry_run, create_buckets, **options):
        try:
            if create_buckets and not dry_run:
                for name in media_copy.buckets_create():
                    self.stdout.write(f"已创建存储桶 {name}")
            result = media_copy.media_copy(dry_run=dry_run)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        verb = "将复制" if dry_run else "已复制"
        parts = [
            f"{label} {count} 个" for label, count in sorted(result.copied.items())
        ]
        self.stdout.write(
            f"{verb}：{'，'.join(parts) or '0 个'}；已存在而跳过 {result.skipped} 个。"
        )
