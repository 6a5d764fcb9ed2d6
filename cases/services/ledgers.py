"""Ledger exports: record every one, answer small ones at once, queue big ones.

A selection up to settings.LEDGER_SYNC_MAX_ROWS rows is written within the request
(streamed CSV, or a write-only XLSX); a larger one is written by a background task
(`manage.py db_worker`) into LEDGER_EXPORT_ROOT, outside the public media, and the
user downloads it from the export record once it is ready.
"""

import logging
import pickle
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone

from cases import ledger
from cases.models import Case, LedgerExport
from departments import selectors as department_selectors

logger = logging.getLogger(__name__)
FORMATS = {"xlsx": "xlsx", "csv": "csv"}


def ledger_sync_limit() -> int:
    return settings.LEDGER_SYNC_MAX_ROWS


def contact_departments_for(user) -> set[int] | None:
    """Departments whose contacts `user` sees in full in a ledger (None: all).
    Supervisors and the command line (user None) see every phone number."""
    if user is None or department_selectors.can_supervise(user=user):
        return None
    return department_selectors.department_ids_for_user(user=user)


def ledger_export_start(
    *, user, cases: QuerySet[Case], kind: str, file_format: str, filters: dict
) -> LedgerExport:
    """Record an export of `cases` (already scoped to the user) as the `kind` ledger.

    Returns the record: state DONE for a small selection, which the caller writes
    now with `ledger_rows`; state PENDING for a large one, queued for the worker.
    """
    if file_format not in FORMATS:
        raise ValueError(file_format)
    cases = cases.filter(kind=kind)
    count = cases.count()
    export = LedgerExport(
        user=user,
        ledger=kind,
        file_format=file_format,
        filters=filters,
        row_count=count,
    )
    if count <= settings.LEDGER_SYNC_MAX_ROWS:
        export.state = LedgerExport.State.DONE
        export.finished_at = timezone.now()
        export.save()
        return export
    export.query = pickle.dumps(cases.query)
    export.save()
    transaction.on_commit(lambda: export_ledger_file.enqueue(export_id=export.pk))
    return export


def export_path(export: LedgerExport) -> Path:
    return Path(settings.LEDGER_EXPORT_ROOT) / export.file_name


def write_ledger_file(
    *, kind: str, rows, target: Path, file_format: str, on_row=None
) -> int:
    """Write a ledger to a file as XLSX or CSV; returns the number of rows."""
    if file_format == "xlsx":
        return ledger.write_xlsx(kind=kind, rows=rows, target=target, on_row=on_row)
    written = 0

    def count_row():
        nonlocal written
        written += 1
        if on_row:
            on_row()

    with Path(target).open("w", encoding="utf-8", newline="") as handle:
        for chunk in ledger.csv_chunks(kind=kind, rows=rows, on_row=count_row):
            handle.write(chunk)
    return written


@task
def export_ledger_file(*, export_id: int) -> int:
    """Write a queued export to its file (run by the tasks worker); returns rows."""
    export = LedgerExport.objects.get(pk=export_id)
    export.state = LedgerExport.State.RUNNING
    export.save(update_fields=["state"])
    try:
        cases = Case.objects.all()
        cases.query = pickle.loads(export.query)  # noqa: S301 - written by us above
        export.file_name = f"ledger-{export.pk}.{export.file_format}"
        target = export_path(export)
        target.parent.mkdir(parents=True, exist_ok=True)
        rows = ledger.ledger_rows(
            cases,
            kind=export.ledger,
            contact_departments=contact_departments_for(export.user),
        )
        count = write_ledger_file(
            kind=export.ledger, rows=rows, target=target, file_format=export.file_format
        )
    except Exception:
        logger.exception("ledger export %s failed", export_id)
        # A half-written file holds names and phone numbers and is never offered.
        if export.file_name:
            export_path(export).unlink(missing_ok=True)
        export.state = LedgerExport.State.FAILED
        export.save(update_fields=["state"])
        raise
    export.row_count = count
    export.state = LedgerExport.State.DONE
    export.finished_at = timezone.now()
    export.query = None
    export.save(
        update_fields=["row_count", "state", "finished_at", "query", "file_name"]
    )
    return count


@dataclass(frozen=True)
class PruneResult:
    expired: int  # finished exports whose file was deleted
    abandoned: int  # queued or running exports given up
    stray_files: int  # files in LEDGER_EXPORT_ROOT without a finished export


def ledger_exports_prune(*, now: datetime, keep_days: int) -> PruneResult:
    """Delete background ledger files finished more than `keep_days` ago (they hold
    contacts in full), keeping their records as the audit trail; give up exports
    queued that long ago, dropping their pickled selection; delete files of that
    age that no finished export owns (a worker killed mid-write)."""
    cutoff = now - timedelta(days=keep_days)
    finished = LedgerExport.objects.filter(
        state=LedgerExport.State.DONE, file_name__startswith="ledger-"
    )
    expired = 0
    for export in finished.filter(finished_at__lt=cutoff):
        export_path(export).unlink(missing_ok=True)
        export.state = LedgerExport.State.EXPIRED
        export.save(update_fields=["state"])
        expired += 1
    abandoned = LedgerExport.objects.filter(
        state__in=[LedgerExport.State.PENDING, LedgerExport.State.RUNNING],
        created_at__lt=cutoff,
    ).update(state=LedgerExport.State.FAILED, query=None)
    owned = set(finished.values_list("file_name", flat=True))
    stray = 0
    root = Path(settings.LEDGER_EXPORT_ROOT)
    for path in root.iterdir() if root.is_dir() else ():
        if (
            path.is_file()
            and path.name not in owned
            and path.stat().st_mtime < cutoff.timestamp()
        ):
            path.unlink(missing_ok=True)
            stray += 1
    return PruneResult(expired=expired, abandoned=abandoned, stray_files=stray)
