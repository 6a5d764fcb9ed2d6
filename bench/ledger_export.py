"""The complaint ledger export at a city's yearly scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/ledger_export.py

Fills 100,000 complaint cases, then times in the same run:
  (a) the portal's XLSX export (cases.ledger: three queries; cases.ledger_workbook:
      XlsxWriter constant-memory, with title rows, widths, freeze and filter),
  (b) the floor: a bare openpyxl write-only dump of the same rows and columns,
  (c) django-import-export's default export of the same resource (Resource.export()
      then XLSX), on the first --c-rows rows because it is that slow,
and a streamed CSV export of all rows. Prints rows/s, peak Python memory
(tracemalloc, a separate pass) and query counts, and the ratios a/b and c/a.
"""

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from _setup import setup_django


def measure(label, rows, work, *, memory=True):
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        # A wrapper, not CaptureQueriesContext: that one stops at 9,000 queries.
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        work()
        seconds = time.perf_counter() - start
    peak = None
    if memory:
        tracemalloc.start()
        work()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    result = {
        "label": label,
        "rows": rows,
        "seconds": seconds,
        "peak": peak,
        "queries": len(queries),
    }
    peak_text = f"{peak:>9.1f}" if peak is not None else f"{'-':>9}"
    print(f"{label:<44}{rows:>9,}{rows / seconds:>12,.0f}{peak_text}{len(queries):>9}")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--c-rows", type=int, default=10_000)
    args = parser.parse_args()
    vendor = setup_django()

    from django.utils import timezone
    from fill import fill_cases
    from openpyxl import Workbook

    from cases import ledger, ledger_workbook
    from cases.models import Case
    from cases.resources import ComplaintLedgerResource

    start = time.perf_counter()
    fill_cases(count=args.cases, kind="complaint")
    print(
        f"filled {args.cases:,} complaint cases on {vendor} in {time.perf_counter() - start:.1f} s\n"
    )
    cases = Case.objects.filter(kind="complaint")
    out = Path(tempfile.mkdtemp())

    heading = ledger_workbook.LedgerHeading(
        exporter="bench", exported_at=timezone.now(), first_day=None, last_day=None
    )

    def portal_xlsx():
        rows = ledger.ledger_rows(cases, kind="complaint", contact_departments=None)
        ledger_workbook.write_xlsx(
            sheets=[("complaint", rows)], heading=heading, target=out / "a.xlsx"
        )

    raw_columns = [
        "number", "kind", "channel", "submitted_at", "accepted_at", "department__name",
        "service_type__name", "title", "content", "complainee", "contact_name",
        "contact_phone", "status", "due_at", "pk", "is_supervised", "replied_at", "reply",
        "closed_at", "rejected_at", "department_id",
    ]  # fmt: skip

    def bare_openpyxl():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("floor")
        sheet.append(ledger.headers("complaint"))
        for row in (
            cases.order_by("submitted_at", "pk")
            .values_list(*raw_columns)
            .iterator(2000)
        ):
            sheet.append([str(value) if value is not None else "" for value in row])
        workbook.save(out / "b.xlsx")

    subset = Case.objects.filter(
        pk__in=list(cases.order_by("pk").values_list("pk", flat=True)[: args.c_rows])
    )

    def import_export_default():
        dataset = ComplaintLedgerResource().export(queryset=subset)
        (out / "c.xlsx").write_bytes(dataset.export("xlsx"))

    def streamed_csv():
        rows = ledger.ledger_rows(cases, kind="complaint", contact_departments=None)
        with (out / "d.csv").open("w", encoding="utf-8") as handle:
            for chunk in ledger.csv_chunks(kind="complaint", rows=rows):
                handle.write(chunk)

    print(f"{'export':<44}{'rows':>9}{'rows/s':>12}{'peak MB':>9}{'queries':>9}")
    a = measure("(a) portal XLSX (cases.ledger)", args.cases, portal_xlsx)
    b = measure("(b) bare openpyxl write-only (floor)", args.cases, bare_openpyxl)
    c = measure(
        "(c) import-export default Resource.export",
        args.c_rows,
        import_export_default,
        memory=False,
    )
    d = measure("(d) portal streamed CSV", args.cases, streamed_csv)
    rate = {r["label"][:3]: r["rows"] / r["seconds"] for r in (a, b, c, d)}
    print()
    print(
        f"a/b (time per row, portal vs floor; target <= 1.5): {rate['(b)'] / rate['(a)']:.2f}"
    )
    print(
        f"c/a (time per row, default vs portal; target >= 5): {rate['(a)'] / rate['(c)']:.1f}"
    )
    print(f"portal XLSX peak memory: {a['peak']:.1f} MB (target < 250 MB)")
    print(f"streamed CSV: {rate['(d)']:,.0f} rows/s (target >= 20,000)")


if __name__ == "__main__":
    main()
