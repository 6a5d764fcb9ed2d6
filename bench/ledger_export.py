"""The background ledger export at a city's scale, against a bare XlsxWriter floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu \\
        .venv/bin/python bench/ledger_export.py --cases 1000000

Takes --cases cases with their history (bench/fill.py: events, ratings, callbacks),
then, after --warmup unmeasured rounds, runs, alternating and --repeat times,
each in a fresh process so that its peak resident memory (VmHWM) is its own:
  ours   the worker's own task, `cases.services.export_ledger_file`, on a queued
         export of a supervisor's whole case list as 全部台账 (XLSX, one sheet
         per kind: every case), exactly as `manage.py db_worker` runs it;
  floor  a bare XlsxWriter constant-memory dump of the same rows from the same
         cursor query (the selection the worker rebuilds, `values_list(*VALUES)`
         with the callback subquery, `.iterator()`), `write_row` per row.
While `ours` runs, this process reads the export record every half second, as
台账导出记录 does, to show that the progress is visible from another session.
Prints each run, then medians and spread: rows/s, seconds, VmHWM, queries, and
ours / floor (target >= 0.9) and VmHWM (target < 150 MB).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _vmhwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(mode: str, export_id: int) -> None:
    """One measured run, in a process of its own (Django set up, nothing read)."""
    sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        rows = _export(export_id) if mode == "ours" else _floor(export_id)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "cpu": cpu,  # this process's own, without the database's
                "vmhwm": _vmhwm_mb(),
                "queries": len(queries),
            }
        )
    )


def _export(export_id: int) -> int:
    from cases.services import export_ledger_file

    return export_ledger_file.call(export_id=export_id)


def _floor(export_id: int) -> int:
    import xlsxwriter
    from django.conf import settings

    from cases import ledger
    from cases.models import LedgerExport
    from cases.services.ledgers import ledger_export_cases

    export = LedgerExport.objects.get(pk=export_id)
    cases = ledger_export_cases(export)
    target = Path(settings.LEDGER_EXPORT_ROOT) / f"floor-{export_id}.xlsx"
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "remove_timezone": True}
    )
    count = 0
    for kind in ledger.ledger_kinds(export.ledger):  # the sheets the worker writes
        sheet = workbook.add_worksheet(kind)
        sheet.write_row(0, 0, ledger.VALUES)
        for at, row in enumerate(ledger.ledger_values(cases.filter(kind=kind)), 1):
            sheet.write_row(at, 0, row)
            count += 1
    workbook.close()
    target.unlink()
    return count


def _supervisor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from departments.roles import SUPERVISOR_GROUP, ensure_role_groups

    ensure_role_groups()
    staff = get_user_model().objects.create_user(
        "bench-supervisor", first_name="伟", last_name="张", is_staff=True
    )
    staff.groups.add(Group.objects.get(name=SUPERVISOR_GROUP))
    return staff


def _queue(staff) -> int:
    from cases.models import LedgerExport

    # The supervisor's unfiltered case list: every case, one sheet per kind.
    export = LedgerExport.objects.create(
        user=staff, ledger=LedgerExport.ALL_LEDGERS, file_format="xlsx", filters={}
    )
    return export.pk


def _run(mode: str, export_id: int) -> dict:
    from cases.models import LedgerExport

    seen = []
    done = threading.Event()

    def watch():
        # Another session, as 台账导出记录 is: the worker's progress must show.
        while not done.wait(0.5):
            seen.append(
                LedgerExport.objects.filter(pk=export_id)
                .values_list("rows_written", flat=True)
                .get()
            )

    watcher = threading.Thread(target=watch)
    if mode == "ours":
        watcher.start()
    finished = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--export-id", str(export_id)],
        check=True,
        capture_output=True,
        text=True,
    )
    done.set()
    if mode == "ours":
        watcher.join()
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    result["progress"] = sorted(set(seen))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds")
    parser.add_argument("--child", choices=["ours", "floor"])
    parser.add_argument("--export-id", type=int)
    args = parser.parse_args()
    if args.child:
        return _child(args.child, args.export_id)

    sys.path.insert(0, str(HERE))
    os.environ.setdefault("LEDGER_EXPORT_ROOT", tempfile.mkdtemp())
    from _setup import setup_django

    start = time.perf_counter()
    vendor = setup_django(fill=args.cases)
    staff = _supervisor()
    print(f"{args.cases:,} cases with their history on {vendor}, ready"
          f" in {time.perf_counter() - start:.1f} s\n")  # fmt: skip
    from django.db import connections

    connections.close_all()  # the children open their own

    for _ in range(args.warmup):
        # Unmeasured: the first run after the database was made reads the
        # tables cold from disk, and would pay for both.
        for mode in ("ours", "floor"):
            _run(mode, _queue(staff))
    runs = {"ours": [], "floor": []}
    print(f"{'run':<10}{'rows':>11}{'seconds':>9}{'CPU s':>8}{'rows/s':>9}"
          f"{'VmHWM MB':>10}{'queries':>9}  progress seen")  # fmt: skip
    for round_ in range(args.repeat):
        # Alternating, the order flipped each round so that drift hits both.
        for mode in ("ours", "floor") if round_ % 2 == 0 else ("floor", "ours"):
            result = _run(mode, _queue(staff))
            runs[mode].append(result)
            shown = result["progress"]
            seen = f"{len(shown)} values, up to {max(shown):,}" if shown else "-"
            print(
                f"{mode:<10}{result['rows']:>11,}{result['seconds']:>9.1f}"
                f"{result['cpu']:>8.1f}"
                f"{result['rows'] / result['seconds']:>9,.0f}"
                f"{result['vmhwm']:>10.1f}{result['queries']:>9}  "
                f"{seen if mode == 'ours' else ''}"
            )

    def median(mode, key):
        return statistics.median(r[key] for r in runs[mode])

    def spread(mode):
        rates = [r["rows"] / r["seconds"] for r in runs[mode]]
        return f"{min(rates):,.0f}-{max(rates):,.0f}"

    print()
    for mode in runs:
        rate = statistics.median(r["rows"] / r["seconds"] for r in runs[mode])
        print(
            f"{mode:<6} median {rate:>9,.0f} rows/s (spread {spread(mode)}),"
            f" {median(mode, 'seconds'):.1f} s, VmHWM {median(mode, 'vmhwm'):.1f} MB"
            f" (max {max(r['vmhwm'] for r in runs[mode]):.1f})"
        )
    ratio = statistics.median(
        (o["rows"] / o["seconds"]) / (f["rows"] / f["seconds"])
        for o, f in zip(runs["ours"], runs["floor"], strict=True)
    )
    print(f"ours / floor (rows/s, median of the pairs; target >= 0.9): {ratio:.2f}")
    print(f"ours VmHWM, worst run (target < 150 MB): "
          f"{max(r['vmhwm'] for r in runs['ours']):.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
