"""Scheduled ledger reports:

    manage.py export_ledger --kind complaint --from 2026-01-01 --to 2026-12-31 \\
        --format xlsx -o 投诉举报台账-2026.xlsx

Cases submitted between the two dates (inclusive, Asia/Shanghai), every department,
phone numbers in full. `--kind all` writes every kind's ledger, one sheet each
(XLSX only). A progress bar shows on a terminal; the export is recorded.
"""

import sys
from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from cases import ledger, services
from cases.models import Case, LedgerExport
from kernel.private_files import private_file


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "导出诉求台账（XLSX 或 CSV），用于定期报表。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            choices=[*Case.Kind.values, LedgerExport.ALL_LEDGERS],
            default=Case.Kind.COMPLAINT,
        )
        parser.add_argument(
            "--from", dest="start", required=True, help="起始日期 YYYY-MM-DD"
        )
        parser.add_argument(
            "--to", dest="end", required=True, help="截止日期 YYYY-MM-DD（含）"
        )
        parser.add_argument(
            "--format", dest="file_format", choices=["xlsx", "csv"], default="xlsx"
        )
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")

    def handle(self, *args, kind, start, end, file_format, output, **options):
        first, last = _day(start), _day(end)
        if last < first:
            raise CommandError("截止日期不能早于起始日期。")
        if kind == LedgerExport.ALL_LEDGERS and file_format != "xlsx":
            raise CommandError(str(services.ALL_LEDGERS_NEED_XLSX))
        zone = timezone.get_current_timezone()
        cases = Case.objects.filter(
            submitted_at__gte=datetime.combine(first, time.min, zone),
            submitted_at__lt=datetime.combine(last + timedelta(days=1), time.min, zone),
        )
        if kind != LedgerExport.ALL_LEDGERS:
            cases = cases.filter(kind=kind)
        filters = {"from": start, "to": end, "source": "export_ledger"}
        bar = tqdm(
            total=cases.count(),
            unit="行",
            disable=not sys.stderr.isatty(),
            desc=ledger.TITLES.get(kind, "诉求台账"),
        )
        heading = services.ledger_heading(
            user=None, cases=cases, filters=filters, exported_at=timezone.now()
        )
        sheets = services.ledger_sheets(
            cases=cases, kind=kind, contact_departments=None
        )
        private_file(output)  # phone numbers in full: the service user's alone
        with bar:
            count = services.write_ledger_file(
                sheets=sheets,
                heading=heading,
                target=output,
                file_format=file_format,
                on_row=bar.update,
            )
        LedgerExport.objects.create(
            user=None,
            ledger=kind,
            file_format=file_format,
            filters=filters,
            row_count=count,
            state=LedgerExport.State.DONE,
            file_name=str(output)[-200:],
            finished_at=timezone.now(),
        )
        self.stdout.write(f"已导出 {count} 行到 {output}")
