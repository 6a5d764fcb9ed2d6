"""How far a background ledger export has come, as 台账导出记录 shows it.

The worker counts the cases it will write (`LedgerExport.rows_expected`) before
the first row and writes the rows done (`rows_written`) every `PROGRESS_EVERY`
rows, each in an UPDATE of its own: the worker runs outside a transaction
(`manage.py db_worker` autocommits), so the list shows the progress at once,
and a million-row file is not one long transaction.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from cases.models import LedgerExport

# A few hundred short UPDATEs for a million rows, one every second or two.
PROGRESS_EVERY = 5000


def progress_recorder(
    *, export_id: int, every: int = PROGRESS_EVERY
) -> Callable[[], None]:
    """An `on_row` callback for `write_ledger_file`: counts the rows and writes
    the count to the export's record every `every` rows."""
    written = 0

    def on_row() -> None:
        nonlocal written
        written += 1
        if written % every == 0:
            LedgerExport.objects.filter(pk=export_id).update(rows_written=written)

    return on_row


def progress_text(export: LedgerExport) -> str:
    """The state, and while running how far: 生成中 42%（420,000 / 1,000,000 行）."""
    state = export.get_state_display()
    expected = export.rows_expected
    if export.state != LedgerExport.State.RUNNING or not expected:
        return state
    # Never 100% before the file is closed: the cases may have grown since
    # they were counted, and the last rows are the workbook's closing.
    percent = min(export.rows_written * 100 // expected, 99)
    return _("%(state)s %(percent)d%%（%(written)s / %(expected)s 行）") % {
        "state": state,
        "percent": percent,
        "written": f"{export.rows_written:,}",
        "expected": f"{expected:,}",
    }
