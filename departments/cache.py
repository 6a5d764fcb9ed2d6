"""The look-ups every submission makes, kept in each process until they change.

A submission looks up its department and service type (and, unrouted, the city's
dispatch centre); these rows change a few times a year, so reading them from the
database on every submission was a third of its queries (bench/submit_load.py).
Each process keeps what each look-up answered (a row, or None for an id that is
not active), by table and id, and the dispatch centre.

Correct across gunicorn workers: a version in the shared cache (Redis in
production, the database cache without it) says which tables are current, and
every look-up compares it (one cache read). The receivers below bump it when a
Department, ServiceWindow or ServiceType is saved or deleted: the admin's forms,
its list_editable switches, the import and bulk delete all send those signals,
and none goes through a service. The version is bumped at once and again on
commit, so no process keeps tables read before the change committed (as
feedback.selectors.sensitive does). A process that cannot see the shared version
(a local-memory cache in another process) or a change no signal saw (a queryset
update, SQL by hand) reloads after REFRESH_AFTER seconds anyway.

A thread that changed these rows in a transaction still open reads the database
directly until the transaction is over: what it sees is not committed, and a
rollback sends no signal, so caching it could keep a department (or a dispatch
centre created on first use) that never existed.

Callers get their own shallow copy of a row, so no request changes another's.
"""

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from departments.models import Department, ServiceType, ServiceWindow
from kernel.shared_versions import current_version, version_bump

VERSION_KEY = "departments:lookups:version"
REFRESH_AFTER = 60.0
# Ids looked up per table before the table is emptied: unknown ids are kept too
# (as None), and a client trying ids one by one must not grow a worker forever.
MAX_ENTRIES = 5000


@dataclass
class _Tables:
    version: str
    loaded_at: float
    # table -> {key: row or None}
    entries: dict[str, dict] = field(default_factory=dict)


_MISSING = object()
_lock = threading.Lock()
_tables: _Tables | None = None
_thread = threading.local()  # .changing: this thread changed rows, not yet committed


def cached(*, table: str, key, load: Callable[[], Model | None]) -> Model | None:
    """The row `load()` reads for `key` of `table`, or None, kept until the rows
    change (see the module); the caller gets its own shallow copy."""
    if _changing():
        return load()
    tables = _current()
    rows = tables.entries.setdefault(table, {})
    row = rows.get(key, _MISSING)
    if row is _MISSING:
        row = load()
        with _lock:
            if len(rows) >= MAX_ENTRIES:
                rows.clear()
            rows[key] = row
    return copy.copy(row)


def invalidate() -> None:
    """Make every process reload its tables at its next look-up."""
    global _tables
    version_bump(VERSION_KEY)
    _tables = None


def _current() -> _Tables:
    global _tables
    # The version is read before any table is loaded: a change that commits in
    # between bumps it again, so tables read too early are never taken for new.
    version = current_version(VERSION_KEY)
    tables = _tables
    if (
        tables is not None
        and tables.version == version
        and time.monotonic() - tables.loaded_at < REFRESH_AFTER
    ):
        return tables
    with _lock:
        if _tables is not None and _tables is not tables and _tables.version == version:
            return _tables
        _tables = _Tables(version=version, loaded_at=time.monotonic())
        return _tables


def _changing() -> bool:
    if not getattr(_thread, "changing", False):
        return False
    if connection.in_atomic_block:
        return True
    # The transaction that changed the rows is over (committed or rolled back).
    _thread.changing = False
    invalidate()
    return False


def _committed() -> None:
    _thread.changing = False
    invalidate()


@receiver(post_save, sender=Department, dispatch_uid="departments_lookups_saved")
@receiver(post_save, sender=ServiceWindow, dispatch_uid="windows_lookups_saved")
@receiver(post_save, sender=ServiceType, dispatch_uid="service_types_lookups_saved")
@receiver(post_delete, sender=Department, dispatch_uid="departments_lookups_deleted")
@receiver(post_delete, sender=ServiceWindow, dispatch_uid="windows_lookups_deleted")
@receiver(post_delete, sender=ServiceType, dispatch_uid="service_types_lookups_deleted")
def lookups_changed(**kwargs):
    invalidate()
    if connection.in_atomic_block:
        _thread.changing = True
    transaction.on_commit(_committed)
