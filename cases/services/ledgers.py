"""Ledger exports: record every one, answer small ones at once, queue big ones.

A selection up to settings.LEDGER_SYNC_MAX_ROWS rows is written within the request
(streamed CSV, or a write-only XLSX); a larger one is written by a background task
(`manage.py db_worker`) into LEDGER_EXPORT_ROOT, outside the public media, or with
an object store into the private bucket's `ledgers/` (kernel.storage.ledger_storage),
and the user downloads it from the export record once it is ready.

The worker rebuilds the selection from the record's `filters` (the case list's
query string) through the case list itself (`cases.admin.ledger_admin.
case_list_selection`), so it exports what the list shows for those filters, and
no stored query has to survive a Django upgrade.

A ledger is one kind's, or all of them (`LedgerExport.ALL_LEDGERS`): an XLSX then
holds one sheet per kind; a CSV holds one table, so it takes one kind only.

The worker reads a million rows in chunks through server-side cursors
(`cases.ledger_reading`) and writes them to disk as it goes, so its memory stays
flat; the export's record shows how far it has come (`cases.ledger_progress`).
"""

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.http import Http404
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import ledger, ledger_workbook
from cases.ledger_progress import progress_recorder
from cases.models import Case, LedgerExport
from departments import selectors as department_selectors
from kernel.private_files import private_file
from kernel.storage import ledger_storage, private_file_response

logger = logging.getLogger(__name__)
FORMATS = {"xlsx": "xlsx", "csv": "csv"}


def ledger_sync_limit() -> int:
    return settings.LEDGER_SYNC_MAX_ROWS


def contact_departments_for(user) -> frozenset[int] | None:
    """Departments whose contacts `user` sees in full in a ledger (None: all).
    Supervisors and the command line (user None) see every phone number."""
    return department_selectors.scope_for(user).ids_or_none()


def ledger_export_start(
    *,
    user,
    cases: QuerySet[Case],
    kind: str,
    file_format: str,
    filters: dict,
    search: str = "",
) -> LedgerExport:
    """Record an export of `cases` (already scoped to the user) as the `kind` ledger.

    `cases` is what the case list shows `user` for `filters` (its query string,
    search masked) and `search` (the search as typed). Returns the record: state
    DONE for a small selection, which the caller writes now with
    `write_ledger_file`; state PENDING for a large one, queued for the worker,
    which rebuilds `cases` from the filters and the search. `kind` may be
    ALL_LEDGERS, for XLSX only.
    """
    if file_format not in FORMATS:
        raise ValueError(file_format)
    if kind == LedgerExport.ALL_LEDGERS and file_format != "xlsx":
        raise ValidationError({"file_format": ALL_LEDGERS_NEED_XLSX})
    if kind != LedgerExport.ALL_LEDGERS:
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
    export.pending_search = search
    export.save()
    transaction.on_commit(lambda: export_ledger_file.enqueue(export_id=export.pk))
    return export


ALL_LEDGERS_NEED_XLSX = gettext_lazy(
    "CSV 文件只能放一种台账：请选择台账类型，或改选 Excel 格式，"
    "一次导出全部台账（每种一个工作表）。"
)


def export_path(export: LedgerExport) -> Path:
    """Where a finished export lies on disk (without an object store)."""
    return Path(settings.LEDGER_EXPORT_ROOT) / export.file_name


def ledger_file_response(
    *, export: LedgerExport, download_name: str, content_type: str
):
    """The finished file to a user whose access is decided: from the disk, or a
    redirect to the private bucket's signed URL that works for a minute."""
    storage = ledger_storage()
    if storage is None:
        storage = FileSystemStorage(location=settings.LEDGER_EXPORT_ROOT)
    elif not storage.exists(export.file_name):
        # A signed URL to nothing would be the bucket's error page, not a 404.
        raise Http404
    return private_file_response(
        storage=storage,
        name=export.file_name,
        content_type=content_type,
        download_name=download_name,
    )


@contextmanager
def _ledger_target(export: LedgerExport):
    """A path to write the export to: its place on disk (mode 0600 from the
    first byte), or a private temporary file that goes to the bucket once
    written, and away in any case."""
    bucket = ledger_storage()
    if bucket is None:
        yield private_file(export_path(export))
        return
    handle, temporary = tempfile.mkstemp(suffix=f".{export.file_format}")
    os.close(handle)  # mkstemp made it 0600
    try:
        yield Path(temporary)
        with open(temporary, "rb") as written:
            stored = bucket.save(export.file_name, File(written))
        if stored != export.file_name:  # a leftover of a failed try had the name
            bucket.delete(export.file_name)
            export.file_name = stored
    finally:
        Path(temporary).unlink(missing_ok=True)


def _delete_ledger_file(export: LedgerExport) -> None:
    bucket = ledger_storage()
    if bucket is None:
        export_path(export).unlink(missing_ok=True)
    else:
        bucket.delete(export.file_name)


def ledger_sheets(
    *, cases: QuerySet[Case], kind: str, contact_departments: set[int] | None
) -> list[tuple[str, Iterator[list]]]:
    """(kind, rows) of each sheet of a ledger choice; rows are read lazily."""
    return [
        (
            sheet_kind,
            ledger.ledger_rows(
                cases.filter(kind=sheet_kind),
                kind=sheet_kind,
                contact_departments=contact_departments,
            ),
        )
        for sheet_kind in ledger.ledger_kinds(kind)
    ]


def ledger_heading(
    *, user, cases: QuerySet[Case], filters: dict, exported_at: datetime
) -> ledger_workbook.LedgerHeading:
    """The title rows' details: who exported, when, and the period of 提交时间 —
    the date filter's (the command's --from/--to, or the case list's 提交时间
    filter), else the span of the cases exported."""
    first, last = _filtered_period(filters)
    if first is None and last is None:
        span = cases.order_by().aggregate(
            first=Min("submitted_at"), last=Max("submitted_at")
        )
        first, last = (
            timezone.localdate(span[key]) if span[key] else None
            for key in ("first", "last")
        )
    exporter = (
        department_selectors.staff_name(
            username=user.get_username(),
            first_name=user.first_name,
            last_name=user.last_name,
        )
        if user is not None
        else _("定时导出（命令行）")
    )
    return ledger_workbook.LedgerHeading(
        exporter=exporter, exported_at=exported_at, first_day=first, last_day=last
    )


def _filtered_period(filters: dict) -> tuple[date | None, date | None]:
    def day(key: str) -> date | None:
        value = filters.get(key)
        value = value[-1] if isinstance(value, list) and value else value
        try:
            # The admin's date filter sends "2026-11-01 00:00:00+08:00".
            return date.fromisoformat(str(value)[:10]) if value else None
        except ValueError:
            return None

    first = day("from") or day("submitted_at__gte")
    last = day("to")
    if last is None and (before := day("submitted_at__lt")):
        last = before - timedelta(days=1)  # the admin's upper bound is exclusive
    return first, last


def write_ledger_file(
    *,
    sheets: list[tuple[str, Iterator[list]]],
    heading: ledger_workbook.LedgerHeading,
    target,
    file_format: str,
    on_row=None,
) -> int:
    """Write a ledger to `target` (a path, or a binary file for XLSX) as XLSX or
    CSV (one sheet only); returns the number of rows."""
    if file_format == "xlsx":
        return ledger_workbook.write_xlsx(
            sheets=sheets, heading=heading, target=target, on_row=on_row
        )
    [(kind, rows)] = sheets
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
        cases = ledger_export_cases(export)
        # The count first, so that 台账导出记录 shows how far the rows have come
        # (`cases.ledger_progress`); one query, small beside the export itself.
        export.rows_expected, export.rows_written = cases.count(), 0
        export.save(update_fields=["rows_expected", "rows_written"])
        export.file_name = f"ledger-{export.pk}.{export.file_format}"
        # Names and phone numbers in full: the service user's alone, or the
        # private bucket's.
        with _ledger_target(export) as target:
            count = write_ledger_file(
                sheets=ledger_sheets(
                    cases=cases,
                    kind=export.ledger,
                    contact_departments=contact_departments_for(export.user),
                ),
                heading=ledger_heading(
                    user=export.user,
                    cases=cases,
                    filters=export.filters,
                    exported_at=export.created_at,
                ),
                target=target,
                file_format=export.file_format,
                on_row=progress_recorder(export_id=export.pk),
            )
    except Exception:
        logger.exception("ledger export %s failed", export_id)
        # A half-written file holds names and phone numbers and is never offered.
        if export.file_name:
            _delete_ledger_file(export)
        export.state = LedgerExport.State.FAILED
        export.pending_search = ""
        export.save(update_fields=["state", "pending_search"])
        raise
    export.row_count = export.rows_written = count
    export.state = LedgerExport.State.DONE
    export.finished_at = timezone.now()
    export.pending_search = ""
    export.save(
        update_fields=[
            "row_count",
            "rows_written",
            "state",
            "finished_at",
            "pending_search",
            "file_name",
        ]
    )
    return count


def ledger_export_cases(export: LedgerExport) -> QuerySet[Case]:
    """The cases of a queued export: what the case list shows its user for its
    filters today (scope included, and the search as typed where it waits).

    An export recorded before searches waited (filters only) replays the search
    it recorded, which matches the same cases unless it named a caller's phone
    or name (kept masked).
    """
    # The case list is the admin's; the admin sits above the services, so it is
    # imported when a worker runs an export, not when this module loads.
    from cases.admin.ledger_admin import case_list_selection

    filters = dict(export.filters)
    if export.pending_search:
        filters["q"] = [export.pending_search]
    cases = case_list_selection(user=export.user, filters=filters)
    if export.ledger != LedgerExport.ALL_LEDGERS:
        cases = cases.filter(kind=export.ledger)
    return cases


@dataclass(frozen=True)
class PruneResult:
    expired: int  # finished exports whose file was deleted
    abandoned: int  # queued or running exports given up
    stray_files: int  # files in LEDGER_EXPORT_ROOT without a finished export


def ledger_exports_prune(*, now: datetime, keep_days: int) -> PruneResult:
    """Delete background ledger files finished more than `keep_days` ago (they hold
    contacts in full), keeping their records as the audit trail; give up exports
    queued that long ago, dropping the search that waited; delete files of that
    age that no finished export owns (a worker killed mid-write)."""
    cutoff = now - timedelta(days=keep_days)
    finished = LedgerExport.objects.filter(
        state=LedgerExport.State.DONE, file_name__startswith="ledger-"
    )
    expired = 0
    for export in finished.filter(finished_at__lt=cutoff):
        _delete_ledger_file(export)
        export.state = LedgerExport.State.EXPIRED
        export.save(update_fields=["state"])
        expired += 1
    abandoned = LedgerExport.objects.filter(
        state__in=[LedgerExport.State.PENDING, LedgerExport.State.RUNNING],
        created_at__lt=cutoff,
    ).update(state=LedgerExport.State.FAILED, pending_search="")
    owned = set(finished.values_list("file_name", flat=True))
    stray = _prune_stray_files(owned=owned, cutoff=cutoff)
    return PruneResult(expired=expired, abandoned=abandoned, stray_files=stray)


def _prune_stray_files(*, owned: set[str], cutoff: datetime) -> int:
    bucket = ledger_storage()
    stray = 0
    if bucket is not None:
        for name in bucket.listdir("")[1]:
            if name not in owned and bucket.get_modified_time(name) < cutoff:
                bucket.delete(name)
                stray += 1
        return stray
    root = Path(settings.LEDGER_EXPORT_ROOT)
    for path in root.iterdir() if root.is_dir() else ():
        if (
            path.is_file()
            and path.name not in owned
            and path.stat().st_mtime < cutoff.timestamp()
        ):
            path.unlink(missing_ok=True)
            stray += 1
    return stray
