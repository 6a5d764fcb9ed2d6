"""The ledger as an Excel workbook, laid out to be printed and filed as it is.

One sheet per ledger kind. Each sheet starts with a title row (the ledger's name)
and a row saying which period, when and by whom it was exported; then the header
row, with 序号 before the ledger's columns (`cases.ledger.ledger_columns`), frozen
and with an auto-filter; columns are as wide as their longest text, Chinese
characters counting double, up to a limit.

XlsxWriter in constant-memory mode streams the rows to disk, so memory stays flat
however many rows there are; it only asks that rows be written in order, which is
why the title comes from `LedgerHeading`, known before the first row.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from django.utils import timezone

from cases.ledger import TITLES, headers

HEADER_ROW = 2  # rows 0 and 1 hold the title and the export details
MIN_WIDTH = 6
MAX_WIDTH = 50  # long texts (内容, 答复内容) would otherwise make screen-wide columns


@dataclass(frozen=True)
class LedgerHeading:
    """What the two title rows of every sheet say."""

    exporter: str
    exported_at: datetime
    first_day: date | None  # the period of 提交时间; None: open-ended
    last_day: date | None

    def details(self) -> str:
        if self.first_day is None and self.last_day is None:
            period = "全部"
        else:
            period = f"{self.first_day or '不限'} 至 {self.last_day or '不限'}"
        exported = timezone.localtime(self.exported_at).strftime("%Y-%m-%d %H:%M")
        return f"提交日期：{period}　导出时间：{exported}　导出人：{self.exporter}"


def text_width(text: str) -> int:
    """Columns of `text` on screen: CJK characters are two wide. UTF-8 spends
    three bytes on them and one on ASCII, so (bytes + characters) / 2 counts
    them in C rather than character by character."""
    return (len(text.encode()) + len(text)) // 2


def write_xlsx(
    *,
    sheets: Iterable[tuple[str, Iterable[list]]],
    heading: LedgerHeading,
    target,
    on_row: Callable[[], object] | None = None,
) -> int:
    """Write (kind, rows) pairs as sheets of one workbook to `target` (a path, or a
    binary file for small exports); returns the number of rows in all sheets."""
    options = (
        {"constant_memory": True}
        if isinstance(target, str | Path)
        else {"in_memory": True}
    )
    workbook = xlsxwriter.Workbook(target, options)
    formats = {
        "title": workbook.add_format(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        ),
        "details": workbook.add_format({"font_size": 10, "valign": "vcenter"}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "border": 1, "align": "center"}
        ),
    }
    total = 0
    for kind, rows in sheets:
        total += _write_sheet(workbook, formats, kind, rows, heading, on_row)
    workbook.close()
    return total


def _write_sheet(workbook, formats, kind, rows, heading, on_row) -> int:
    sheet = workbook.add_worksheet(TITLES[kind])
    columns = ["序号", *headers(kind)]
    last_column = len(columns) - 1
    sheet.set_row(0, 30)
    sheet.merge_range(0, 0, 0, last_column, TITLES[kind], formats["title"])
    sheet.set_row(1, 20)
    sheet.merge_range(1, 0, 1, last_column, heading.details(), formats["details"])
    sheet.write_row(HEADER_ROW, 0, columns, formats["header"])
    widths = [text_width(header) for header in columns]

    count = 0
    # XlsxWriter's public write_string() passes every call through a decorator
    # that accepts "A1" cell names; these rows are addressed by number, so they
    # call the undecorated methods that XlsxWriter's own write_row() calls
    # (XlsxWriter is pinned in requirements.txt): a tenth of the writing time.
    write, write_number = sheet._write_string, sheet._write_number
    for count, row in enumerate(rows, start=1):
        at = HEADER_ROW + count
        write_number(at, 0, count)
        for column, value in enumerate(row, start=1):
            if not value:
                continue
            if value[0] == "<" and value.startswith("<r>") and value.endswith("</r>"):
                write_literally(sheet, at, column, value)
            else:
                write(at, column, value)
            # A text is at most twice as wide as it is long: most cells skip
            # the measuring once the column has seen a long value.
            if 2 * len(value) > widths[column] and widths[column] < MAX_WIDTH:
                widths[column] = max(widths[column], text_width(value))
        if on_row:
            on_row()

    widths[0] = max(widths[0], len(str(count)))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + count, last_column)
    return count


def write_literally(sheet, row: int, column: int, text: str) -> None:
    """Write `text` that reads as XlsxWriter's rich-string markup ("<r>…</r>").

    XlsxWriter copies such a string into the workbook's XML unescaped (inline in
    constant-memory mode, in the shared strings otherwise), so a citizen's title
    "<r></is>…</r>" would break the whole file (Excel refuses it). As fragments
    of a rich string every part is escaped, and the cell reads exactly as typed.
    """
    sheet.write_rich_string(row, column, text[:1], text[1:2], text[2:])
