"""Fill the benchmark database with a city's cases, fast: three years of them, in the
shares a 12345 office sees (bulk inserts that bypass the services: numbering,
photos and notices are not what is measured here).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h5 .venv/bin/python bench/fill.py --cases 1000000

fills a throwaway database and prints how long each part took; the benchmarks
get their cases through `_setup.setup_django(fill=N)`, which keeps a filled
template (bench/_setup.py).

On PostgreSQL the rows go in with COPY (psycopg 3's `cursor.copy()`), the Python
side generating them; the case and event indexes are dropped for the load and
built afterwards, and the foreign-key triggers are off for the session (the rows
are generated consistent), then VACUUM ANALYZE and the roll-ups' rebuild. SQLite
gets the same rows through bulk_create (fine up to a few 100,000). Each part's
time is printed. Shares (`bench/_fill_rows.py`): ~93 % answered, 3 % open of which a
fifth overdue, a few waiting / at dispatch / returned / rejected / merged, 30 %
with publication consent, a third of the answered rated, some callbacks and
send-backs.
"""

import argparse
import contextlib
import io
import tempfile
import time
from datetime import UTC, datetime

from _fill_rows import CaseRows
from django.db import connection, transaction


class Timer:
    """Prints how long each part of the fill took."""

    def __init__(self, *, quiet: bool = False):
        self.quiet = quiet
        self.parts: dict[str, float] = {}
        self._started = time.perf_counter()

    def part(self, label: str) -> None:
        now = time.perf_counter()
        self.parts[label] = now - self._started
        self._started = now
        if not self.quiet:
            print(f"  fill: {label:<44}{self.parts[label]:>8.1f} s", flush=True)


def departments() -> list:
    """The departments of the fill: the demo's first (the other benchmarks' officer
    works at departments[0]), then the fill's own (the dispatch centre, which holds
    the cases waiting there, is not among them)."""
    from _fill_rows import EXTRA_DEPARTMENTS

    from departments.demo import seed_departments
    from departments.models import Department

    seeded = seed_departments()
    extra = []
    for order, (code, name, short) in enumerate(EXTRA_DEPARTMENTS, start=1):
        department, _ = Department.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "duties_summary": f"{name}的诉求办理。",
                "sort_order": 1000 + order,
                "is_active": True,
            },
        )
        extra.append(department)
    return [*seeded, *extra]


def fill_cases(
    *, count: int, kind: str | None = None, years: int = 3, quiet: bool = True
) -> list:
    """Insert `count` cases over the last `years` years with their first events,
    ratings and callbacks; returns the departments (the demo's first)."""
    from departments import services as department_services

    timer = Timer(quiet=quiet)
    found = departments()
    center = department_services.dispatch_center()
    rows = CaseRows(
        count=count,
        kind=kind,
        years=years,
        departments=found,
        center=center,
        first_id=_next_id("cases_case"),
        first_event_id=_next_id("cases_caseevent"),
    )
    timer.part(f"planned {count:,} cases (times, kinds, statuses)")
    if connection.vendor == "postgresql":
        _copy_all(rows, timer)
    else:
        _bulk_all(rows, timer)
    _finish(timer)
    if not quiet:
        total = sum(timer.parts.values())
        print(f"  fill: {'total':<44}{total:>8.1f} s")
        for label, value in rows.tally().items():
            print(f"  fill: {label:<44}{value:>10,}")
    return found


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


# -- PostgreSQL: COPY ------------------------------------------------------------


def _copy_all(rows, timer: Timer) -> None:
    from cases.models import Case, CaseCallback, CaseEvent, CoHandling
    from feedback.models import CaseEvaluation

    models = [Case, CaseEvent, CaseEvaluation, CaseCallback, CoHandling]
    with contextlib.ExitStack() as stack:
        files = {
            model: stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
            for model in models
        }
        _copy_files(rows, timer, models, files)


def _copy_files(rows, timer, models, files) -> None:
    writers = {model: _CopyLines(model, files[model]) for model in models}
    for table, row in rows.generate():
        writers[table].write(row)
    timer.part(
        f"rows generated (COPY text; {rows.documents.seconds:.1f} s of it for"
        f" {len(rows.documents.known):,} distinct search documents)"
    )
    with connection.cursor() as cursor:
        _set(cursor, "session_replication_role", "replica")  # FK triggers off
        cursor.execute("SET maintenance_work_mem = '1GB'")
        dropped = [*_drop_indexes(cursor, "cases_case")]
        dropped += _drop_indexes(cursor, "cases_caseevent")
        with transaction.atomic():
            for model in models:
                files[model].seek(0)
                columns = ", ".join(f'"{c}"' for c in writers[model].columns)
                table = model._meta.db_table
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    while chunk := files[model].read(1 << 20):
                        copy.write(chunk)
                timer.part(f"COPY {table} ({writers[model].count:,} rows)")
        for _name, definition in dropped:
            cursor.execute(definition)
        timer.part(f"indexes built again ({len(dropped)})")
        _set(cursor, "session_replication_role", "origin")
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        cursor.execute("RESET maintenance_work_mem")


def _set(cursor, name: str, value: str) -> None:
    try:
        cursor.execute(f"SET {name} = {value}")
    except Exception as error:  # not a superuser: the slower load still works
        print(f"  fill: cannot SET {name} ({error}); going on with it on")


def _drop_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """Drop the table's indexes that back no constraint; returns how to make them."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
        " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [table],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return found


class _CopyLines:
    """A model's rows as COPY text lines: the row's values, else the field default.
    The primary key only where the generator gives it (cases and events)."""

    def __init__(self, model, out: io.TextIOBase):
        # A generated column (Case.search_vector) is the database's to write.
        self.fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.defaults = {field.column: _default(field) for field in self.fields}
        self.texts = {column: _text(value) for column, value in self.defaults.items()}
        self.columns: list[str] | None = None
        self.out = out
        self.count = 0

    def _columns(self, row: dict) -> list[str]:
        if self.columns is None:
            self.columns = [
                field.column
                for field in self.fields
                if not field.primary_key or field.column in row
            ]
        return self.columns

    def write(self, row: dict) -> None:
        texts = self.texts
        self.out.write(
            "\t".join(
                [
                    _text(row[column]) if column in row else texts[column]
                    for column in self._columns(row)
                ]
            )
        )
        self.out.write("\n")
        self.count += 1

    def values(self, row: dict) -> list:
        """The row for SQLite's executemany (times as Django stores them there)."""
        self.count += 1
        return [
            _sqlite(row[column]) if column in row else self.defaults[column]
            for column in self._columns(row)
        ]


def _default(field):
    if field.primary_key:
        return None
    value = field.get_default()
    if value is None and not field.null:
        # Booleans and numbers without a default: the fill sets those it means.
        return {"BooleanField": False}.get(field.get_internal_type(), 0)
    return value


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_UTC_TIME = "%Y-%m-%d %H:%M:%S"


def _text(value) -> str:
    """One value in COPY's text format (the most frequent types first)."""
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if kind is float:  # the generator's times are epoch seconds
        whole = int(value)
        return f"{time.strftime(_UTC_TIME, time.gmtime(whole))}.{int((value - whole) * 1e6):06d}+00"
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    return str(value)


# -- SQLite (and small sizes): executemany ----------------------------------------


def _bulk_all(rows, timer: Timer, batch: int = 5000) -> None:
    """SQLite: executemany of the same rows (bulk_create's 999-variable batches of
    45-column cases are ten times slower)."""
    from cases.models import Case, CaseCallback, CaseEvent, CoHandling
    from feedback.models import CaseEvaluation

    models = [Case, CaseEvent, CaseEvaluation, CaseCallback, CoHandling]
    tables = {model: _CopyLines(model, io.StringIO()) for model in models}
    pending = {model: [] for model in models}

    def flush(cursor):
        for model in models:  # cases first: the others point at them
            if pending[model]:
                columns = tables[model].columns
                cursor.executemany(
                    f"INSERT INTO {model._meta.db_table}"
                    f" ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                    pending[model],
                )
                pending[model].clear()

    with transaction.atomic(), connection.cursor() as cursor:
        for index, (model, row) in enumerate(rows.generate()):
            pending[model].append(tables[model].values(row))
            if index % batch == 0:
                flush(cursor)
        flush(cursor)
    timer.part("INSERT (executemany)")


def _sqlite(value):
    if isinstance(value, float):
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None).isoformat(" ")
    return value


def _finish(timer: Timer) -> None:
    from django.core.management import call_command, get_commands

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in [
                "cases_case",
                "cases_caseevent",
                "feedback_caseevaluation",
                "cases_casecallback",
                "cases_cohandling",
            ]:
                cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    timer.part("VACUUM ANALYZE")
    if "rebuild_rollups" in get_commands():
        call_command("rebuild_rollups", verbosity=0)
        timer.part("roll-ups rebuilt (manage.py rebuild_rollups)")
    else:
        timer.part("no rebuild_rollups command yet: roll-ups not built")


def main():
    from _setup import setup_django

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--template",
        help="fill this PostgreSQL database and keep it (bench/_setup.py does)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    vendor = (
        setup_django(fill=args.cases, into=args.template or "")
        if args.template
        else None
    )
    if vendor is None:
        vendor = setup_django()
        print(f"filling {args.cases:,} cases on {vendor}")
        fill_cases(count=args.cases, quiet=False)
    print(
        f"filled {args.cases:,} cases on {vendor} in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
