"""Erase the contacts and delete the photos of cases finished longer ago than the
retention periods (cases.services.retention). Safe to run daily from cron; each run
is recorded (后台: 个人信息清理记录). `--dry-run` only counts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases import services


class Command(BaseCommand):
    help = "按保存期限清除已办结/不予受理诉求的联系方式并删除照片（诉求本身保留）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="只统计将要清除的数量，不做任何修改。",
        )
        parser.add_argument(
            "--contact-days",
            type=int,
            default=None,
            help="联系方式保存天数，默认为 CASE_CONTACT_KEEP_DAYS（365 天）。",
        )
        parser.add_argument(
            "--photo-days",
            type=int,
            default=None,
            help="照片保存天数，默认为 CASE_PHOTO_KEEP_DAYS（180 天）。",
        )

    def handle(self, *args, dry_run, contact_days, photo_days, **options):
        contact_days = (
            settings.CASE_CONTACT_KEEP_DAYS if contact_days is None else contact_days
        )
        photo_days = settings.CASE_PHOTO_KEEP_DAYS if photo_days is None else photo_days
        if contact_days < 1 or photo_days < 1:
            raise CommandError("保存天数至少为 1 天。")
        result = services.retention_apply(
            now=timezone.now(),
            contact_keep_days=contact_days,
            photo_keep_days=photo_days,
            dry_run=dry_run,
        )
        verb = "将清除" if dry_run else "已清除"
        self.stdout.write(
            f"{verb} {result.cases_anonymised} 件诉求的联系方式"
            f"（{contact_days} 天前办结或不予受理），"
            f"{'将删除' if dry_run else '已删除'} {result.photos_deleted} 张照片"
            f"（{photo_days} 天前）。" + ("（试运行，未做任何修改）" if dry_run else "")
        )
