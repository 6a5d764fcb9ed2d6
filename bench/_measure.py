"""The one timing harness of the benchmarks: figures that hold on a noisy machine.

Each figure is a measured call (a page through Django's test client, an export…)
and its floor, run in the same process, alternately: warm-up calls first (not
counted), then `repeats` rounds of one window of the measured call followed by
one window of the floor (A, floor, A, floor…), so a drift of the machine (other
work on the two cores) hits both alike. Reported: the median of every measured
call, the spread (lowest and highest of the per-round medians), p95, the same for
the floor, the ratio of the medians, and the query count of each measured call.

Floors (say which in the output):
- "main": the page's main data query (picked from the queries the page ran:
  `main` chooses, else the slowest SELECT), run bare through a cursor with the
  same parameters and every row fetched: what the page costs without the admin,
  DRF or templates around it;
- "replay": every SELECT the page ran, in order, bare (pages of many figures,
  such as the dashboard: the database's part of the page);
- a callable of the caller's own (e.g. a bare openpyxl dump for a ledger).

On PostgreSQL each figure also gets `EXPLAIN (ANALYZE)` of its main query, the
indexes the plan uses and whether the one `index` names is among them.

    results = measure([Figure("newest", lambda: client.get(url), target_ms=100)], args)
    report(results, title="…", args=args)   # table, EXPLAIN lines, --json

Runs that give one number each (a load window's requests/s, an export's rows/s)
use `paired(label, measured, floor, repeats=3)`: measured, floor, measured,
floor…, medians, spread and ratio in the same Result shape for report().

`python bench/_measure.py report a.json b.json …` prints the Markdown tables of
docs/performance.md from the --json files, sizes side by side.
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

_INDEX = re.compile(
    r"(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)?"
    r" (?:using|on) (\w+)|USING (?:COVERING )?INDEX (\w+)"
)


@dataclass
class Figure:
    label: str
    call: Callable
    floor: str | Callable = "main"
    floor_label: str = ""
    main: Callable[[str], bool] | None = None  # picks the main query by its SQL
    before: Callable[[], None] | None = None  # untimed, before each measured call
    target_ms: float | None = None
    # The index EXPLAIN should show; a tuple when either of them serves.
    index: str | tuple[str, ...] | None = None
    status: int = 200


@dataclass
class Result:
    label: str
    p50_ms: float | None = None
    p95_ms: float | None = None
    spread_ms: list = field(default_factory=list)
    floor: str = ""
    floor_p50_ms: float | None = None
    floor_spread_ms: list = field(default_factory=list)
    ratio: float | None = None
    queries: str = ""
    calls: int = 0
    target_ms: float | None = None
    index: list = field(default_factory=list)
    indexes_used: list = field(default_factory=list)
    main_sql: str = ""
    explain: list = field(default_factory=list)
    slowest_query: str = ""
    error: str = ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeats", type=int, default=5, help="rounds (≥ 3)")
    parser.add_argument(
        "--window-seconds",
        type=float,
        default=1.0,
        help="length of one window; 3 to 10 calls each",
    )
    parser.add_argument("--warm-up", type=int, default=3)
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--no-explain", action="store_true")


def measure(figures: list[Figure], args: argparse.Namespace) -> list[Result]:
    results = []
    for figure in figures:
        try:
            results.append(_measure_one(figure, args))
        except Exception as error:  # others' code half done: measure the rest
            results.append(
                Result(
                    figure.label,
                    target_ms=figure.target_ms,
                    index=_wanted(figure),
                    error=f"{type(error).__name__}: {error}"[:300],
                )
            )
            print(f"  {figure.label}: {results[-1].error}", file=sys.stderr)
    return results


def paired(
    label: str,
    measured: Callable[[], float],
    floor: Callable[[], float],
    *,
    repeats: int = 3,
    floor_label: str = "",
    higher_is_better: bool = True,
) -> Result:
    """For runs that give one number each (requests/s of a load window, rows/s
    of an export): measured, floor, measured, floor… `repeats` times (≥ 3).
    The Result's p50/spread fields hold the medians and min–max of those
    numbers (in the callables' unit, not ms) and `ratio` is measured / floor."""
    values, floors = [], []
    for _ in range(max(repeats, 3)):
        values.append(measured())
        floors.append(floor())
    result = Result(label, floor=floor_label or "the caller's floor", calls=len(values))
    result.p50_ms, result.spread_ms = (
        statistics.median(values),
        [min(values), max(values)],
    )
    result.floor_p50_ms = statistics.median(floors)
    result.floor_spread_ms = [min(floors), max(floors)]
    result.ratio = result.p50_ms / max(result.floor_p50_ms, 1e-9)
    if not higher_is_better:  # times: floor / measured, so that 1.0 is the floor's pace
        result.ratio = 1 / result.ratio
    return result


class _Queries:
    """Every statement a call ran: (sql, params, many, seconds)."""

    def __init__(self):
        self.seen = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seen.append((sql, params, many, time.perf_counter() - start))


def _run(figure: Figure):
    from django.db import connection

    if figure.before:
        figure.before()
    queries = _Queries()
    with connection.execute_wrapper(queries):
        start = time.perf_counter()
        response = figure.call()
        elapsed = time.perf_counter() - start
    code = getattr(response, "status_code", figure.status)
    if code != figure.status:
        raise AssertionError(f"status {code}, expected {figure.status}")
    return elapsed * 1000, queries.seen


def _selects(seen):
    return [
        q
        for q in seen
        if not q[2] and q[0].lstrip().upper().startswith(("SELECT", "WITH"))
    ]


def _wanted(figure: Figure) -> list[str]:
    if figure.index is None:
        return []
    return [figure.index] if isinstance(figure.index, str) else list(figure.index)


def _index_mark(wanted, used: list[str], code: str = "", explained: bool = True) -> str:
    """The wanted index and ✓ when the plan uses it (or one of them), else what it uses."""
    wanted = [wanted] if isinstance(wanted, str) else wanted or []
    if not explained:
        return "(no EXPLAIN)"
    if not wanted:
        return ", ".join(f"{code}{name}{code}" for name in used) or "no index"
    found = [name for name in wanted if name in used]
    if found:
        return f"{code}{found[0]}{code} ✓"
    return f"{code}{wanted[0]}{code} ✗ (" + (", ".join(used) or "no index") + ")"


def _measure_one(figure: Figure, args) -> Result:
    from django.db import connection

    seen, first = [], None
    for _ in range(max(args.warm_up, 1)):
        first, seen = _run(figure)
    selects = _selects(seen)
    main = max(
        (q for q in selects if figure.main is None or figure.main(q[0])),
        key=lambda q: q[3],
        default=None,
    )
    slowest = max(selects, key=lambda q: q[3], default=None)

    def bare(statements):
        def run():
            with connection.cursor() as cursor:
                for sql, params, _many, _seconds in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        return run

    if callable(figure.floor):
        floor, floor_label = figure.floor, figure.floor_label or "the caller's floor"
    elif figure.floor == "replay":
        floor, floor_label = (
            bare(selects),
            f"replay of the page's {len(selects)} SELECTs",
        )
    elif main is not None:
        floor, floor_label = bare([main]), "the main query, bare"
    else:
        floor, floor_label = None, "no query to run bare"
    window = max(3, min(10, round(args.window_seconds * 1000 / max(first, 0.1))))
    rounds, floor_rounds, counts = [], [], set()
    for _ in range(max(args.repeats, 3)):
        timings = []
        for _ in range(window):
            elapsed, statements = _run(figure)
            timings.append(elapsed)
            counts.add(len(statements))
        rounds.append(timings)
        if floor is not None:
            floor_timings = []
            for _ in range(window):
                start = time.perf_counter()
                floor()
                floor_timings.append((time.perf_counter() - start) * 1000)
            floor_rounds.append(floor_timings)
    result = Result(
        figure.label,
        target_ms=figure.target_ms,
        index=_wanted(figure),
        floor=floor_label,
        calls=window * len(rounds),
    )
    result.p50_ms, result.p95_ms, result.spread_ms = _summary(rounds)
    if floor_rounds:
        result.floor_p50_ms, _p95, result.floor_spread_ms = _summary(floor_rounds)
        result.ratio = result.p50_ms / max(result.floor_p50_ms, 0.001)
    result.queries = (
        str(min(counts)) if len(counts) == 1 else f"{min(counts)}–{max(counts)}"
    )
    if slowest is not None:
        result.slowest_query = f"{slowest[3] * 1000:.1f} ms: {_short(slowest[0])}"
    if main is not None:
        result.main_sql = _short(main[0], 400)
        if not args.no_explain:
            result.explain = _explain(main)
            result.indexes_used = sorted(
                {a or b for a, b in _INDEX.findall("\n".join(result.explain))}
            )
    return result


def _summary(rounds):
    every = sorted(t for timings in rounds for t in timings)
    medians = [statistics.median(timings) for timings in rounds]
    p95 = every[min(len(every) - 1, int(len(every) * 0.95))]
    return statistics.median(every), p95, [min(medians), max(medians)]


def _short(sql: str, limit: int = 160) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= limit else sql[: limit - 1] + "…"


def _explain(query) -> list[str]:
    from django.db import connection

    sql, params = query[0], query[1]
    prefix = (
        "EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    return [
        row[0] if len(row) == 1 else " ".join(str(v) for v in row[-1:]) for row in rows
    ]


# -- output ----------------------------------------------------------------------


def machine() -> dict:
    from django import get_version
    from django.db import connection

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                line.split(":", 1)[1].strip()
                for line in info
                if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    database = connection.vendor
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            database = f"PostgreSQL {version} (shared_buffers {cursor.fetchone()[0]})"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "django": get_version(),
        "database": database,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _ms(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def report(
    results: list[Result],
    *,
    title: str,
    args,
    cases: int | None = None,
    notes: list[str] = (),
) -> None:
    """Print the table and each figure's EXPLAIN; write --json."""
    print(f"\n{title}" + (f", {cases:,} cases" if cases else ""))
    head = f"{'figure':<46}{'p50':>8}{'spread':>14}{'p95':>8}{'floor':>8}{'ratio':>7}{'queries':>8}{'target':>8}  index"
    print(head)
    print("-" * len(head))
    for r in results:
        if r.error:
            print(f"{r.label:<46}  ERROR {r.error}")
            continue
        spread = f"{r.spread_ms[0]:.1f}–{r.spread_ms[1]:.1f}"
        target = f"≤{r.target_ms:g}" if r.target_ms else ""
        if r.target_ms:
            target += " ok" if r.p50_ms <= r.target_ms else " !!"
        index = _index_mark(r.index, r.indexes_used, explained=bool(r.explain))
        ratio = "–" if r.ratio is None else f"{r.ratio:.1f}"
        print(
            f"{r.label:<46}{_ms(r.p50_ms):>8}{spread:>14}{_ms(r.p95_ms):>8}"
            f"{_ms(r.floor_p50_ms):>8}{ratio:>7}{r.queries:>8}{target:>8}  {index}"
        )
    m = machine()
    print(f"\n{m['database']}; {m['cores']} cores; load average {m['load_average']}")
    print(
        "ms; spread = lowest–highest median of the rounds; floor: see below; "
        "target: the issue's p50 at 1,000,000 cases"
    )
    for note in notes:
        print(note)
    for r in results:
        if r.error:
            continue
        print(
            f"\n[{r.label}] floor: {r.floor}; {r.calls} calls; slowest query {r.slowest_query}"
        )
        if r.main_sql:
            print(f"  main query: {r.main_sql}")
        for line in r.explain[:30]:
            print(f"    {line}")
    if args.json:
        meta = {
            "title": title,
            "cases": cases,
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": machine(),
            "notes": list(notes),
        }
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {**meta, "figures": [asdict(r) for r in results]},
                out,
                ensure_ascii=False,
                indent=1,
            )
        print(f"\nwrote {args.json}")


def _telling(line: str) -> bool:
    """A plan line worth a reader's time: an index, or a scan of many rows."""
    if "Index" in line and "Scan" in line:
        return "never executed" not in line
    rows = re.search(r"rows=(\d+)", line)
    return "Scan" in line and rows is not None and int(rows.group(1)) >= 1000


def markdown(paths: list[str]) -> str:
    """docs/performance.md's tables: one per benchmark, every size side by side."""
    runs = [json.load(open(path, encoding="utf-8")) for path in paths]  # noqa: SIM115
    out = []
    for title in dict.fromkeys(run["title"] for run in runs):
        sized = sorted(
            (run for run in runs if run["title"] == title),
            key=lambda run: run["cases"] or 0,
        )
        sizes = [f"{run['cases']:,}" for run in sized]
        out.append(f"\n### {title}\n")
        out.append(
            "| figure | "
            + " | ".join(f"p50 ms at {s} (spread)" for s in sizes)
            + " | "
            + " | ".join(f"floor / ratio at {s}" for s in sizes)
            + " | queries | target | index |"
        )
        out.append("|" + " --- |" * (4 + 2 * len(sized)))
        labels = dict.fromkeys(f["label"] for run in sized for f in run["figures"])
        for label in labels:
            cells, floors, queries, target, index = [], [], "", "", ""
            for run in sized:
                found = next((f for f in run["figures"] if f["label"] == label), None)
                if found is None or found["error"]:
                    cells.append("error" if found else "–")
                    floors.append("–")
                    continue
                lo, hi = found["spread_ms"]
                cells.append(f"**{found['p50_ms']:.1f}** ({lo:.1f}–{hi:.1f})")
                ratio = "–" if found["ratio"] is None else f"{found['ratio']:.1f}"
                floors.append(f"{_ms(found['floor_p50_ms'])} / {ratio}")
                queries = found["queries"]
                target = f"≤ {found['target_ms']:g}" if found["target_ms"] else ""
                index = _index_mark(
                    found["index"],
                    found["indexes_used"],
                    "`",
                    explained=bool(found["explain"]),
                )
            out.append(
                f"| {label} | "
                + " | ".join(cells)
                + " | "
                + " | ".join(floors)
                + f" | {queries} | {target} | {index} |"
            )
        for run in sized:
            m = run["machine"]
            out.append(
                f"\n{run['cases']:,} cases: {run['when']}, {m['database']}, load average "
                f"{' / '.join(map(str, m['load_average']))} at the end."
            )
        out.append(
            f"\nThe main query's scans at {sizes[-1]} cases (EXPLAIN ANALYZE):\n"
        )
        for found in sized[-1]["figures"]:
            scans = [
                line.strip().removeprefix("->").strip()
                for line in found["explain"]
                if _telling(line)
            ]
            if scans:
                shown = "; ".join(f"`{line}`" for line in scans[:2])
                out.append(f"- {found['label']}: {shown}")
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "report":
        print(markdown(sys.argv[2:]))
    else:
        print(__doc__)
