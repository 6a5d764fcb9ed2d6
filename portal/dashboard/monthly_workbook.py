"""月度考核通报 as an Excel workbook, laid out like the ledgers
(`cases.ledger_workbook`): a title row, a row saying the month, when and by whom,
then the header row (frozen) and one row per department, ranked, and the total.

Every text goes in with `write_string`, so a department name that starts with
"=" stays text and never runs as a formula (the ledgers' guard); numbers go in
as numbers and rates as numbers formatted as percentages, so they can be summed
and sorted.
"""

import io
from datetime import datetime

import xlsxwriter
from django.utils import timezone

from portal.dashboard.monthly import COLUMNS, MonthlyReport, MonthlyRow

TITLE = "月度考核通报"
HEADER_ROW = 2

# Columns whose value is a rate 0–1 (printed as %), and which are counts.
_RATES = {
    "签收及时率": lambda r: r.rates.sign_on_time,
    "按时答复率": lambda r: r.on_time_rate,
    "退单率": lambda r: r.rates.returns,
    "重办率": lambda r: r.rates.redo,
    "回访率": lambda r: r.rates.callback,
    "回访满意率": lambda r: r.rates.callback_satisfaction,
    "协办按时率": lambda r: r.rates.co_on_time,
    "平均办理用时（工作日）": lambda r: r.rates.handling_average,
}


def report_title(report: MonthlyReport) -> str:
    return f"{report.month:%Y年%m月}{TITLE}"


def details(report: MonthlyReport, exporter: str, exported_at: datetime) -> str:
    exported = timezone.localtime(exported_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"统计月份：{report.month:%Y-%m}　导出时间：{exported}　导出人：{exporter}"
        "　（签收、退单、重办、回访与办理用时按诉求提交日期统计；协办、催督办按发生日期统计）"
    )


def monthly_xlsx(*, report: MonthlyReport, exporter: str) -> bytes:
    """The report as an .xlsx file's bytes (one sheet; a few dozen rows)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    small = workbook.add_format({"font_size": 10})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#F2F2F2", "border": 1, "align": "center"}
    )
    rate = workbook.add_format({"num_format": "0.0%"})
    days = workbook.add_format({"num_format": "0.0"})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(f"{report.month:%Y-%m}")
    last = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last, report_title(report), title)
    sheet.merge_range(
        1, 0, 1, last, details(report, exporter, report.generated_at), small
    )
    sheet.write_row(HEADER_ROW, 0, [name for name, _cell in COLUMNS], header)
    for offset, row in enumerate([*report.rows, report.total], start=1):
        _write_row(sheet, HEADER_ROW + offset, row, rate, days, bold)
    for column, (name, _cell) in enumerate(COLUMNS):
        sheet.set_column(column, column, max(8, len(name) * 2 + 2))
    sheet.set_column(1, 1, 24)
    sheet.freeze_panes(HEADER_ROW + 1, 2)
    workbook.close()
    return buffer.getvalue()


def _write_row(sheet, at: int, row: MonthlyRow, rate, days, bold) -> None:
    for column, (name, cell) in enumerate(COLUMNS):
        if name in _RATES:
            value = _RATES[name](row)
            if value is None:
                sheet.write_string(at, column, "—")
            else:
                fmt = days if name.startswith("平均") else rate
                sheet.write_number(at, column, value, fmt)
            continue
        value = cell(row)
        if isinstance(value, int) and not isinstance(value, bool):
            sheet.write_number(at, column, value)
        else:
            sheet.write_string(at, column, str(value), bold if row.rank == 0 else None)
