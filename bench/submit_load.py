"""Submission throughput against its fair floor, then 200 clients reconciled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/submit_load.py
    … --redis redis://127.0.0.1:6379/14     # the cache production runs with
    … --cpu 300 --profile                    # in-process CPU per submission, cProfile
    … --fill 1000000                         # against a million cases (a template)

The portal under gunicorn (2 workers × 4 threads, as `make run`), `--clients`
concurrent clients (a bounded asyncio client on httpx) posting for a fixed time,
each API post with its own Idempotency-Key. The floor is `bench/floor_wsgi.py`: a
bare Django view doing the same three inserts with the same counter in one
transaction, no DRF. After a warm-up of both, API and floor windows alternate
(API, floor, API, floor…, `--pairs` of each) so a drift of the machine hits both
alike; printed: per window, then the median and spread (lowest–highest window) of
throughput, p50 and p95 for each, and the ratio of the median throughputs.

Then `--burst-clients` (200) clients post to the API for `--burst-seconds`, and
every 201 of the run is reconciled with the database: duplicate numbers, gaps in
the counters, cases without a 201 and 201s without a case, errors (any answer
but 201, or no answer). Exit status 1 if any is not 0.

`--cpu N` first measures in process (Django's test client, no HTTP) the CPU time
of N submissions through the API and N through the floor view, alternating in
rounds as bench/_measure.py does; `--profile` adds the API's cProfile top list.
"""

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
import uuid
from collections import Counter

from _load import UNTHROTTLED, free_port, load, start_gunicorn
from _measure import machine
from _setup import setup_django

BODY = {
    "kind": "suggestion",
    "title": "建议增设公交站点",
    "content": "建议在幸福路与建设路交叉口增设一个公交站点，方便居民出行。",
    "contact_name": "王先生",
    "contact_phone": "13800001111",
    "channel": "api",
}
API_URL, FLOOR_URL = "/api/v1/cases/", "/bench-floor/"


def window_figures(results, seconds: float) -> dict:
    ok = [r for r in results if r[0] == 201]
    latencies = sorted(r[1] * 1000 for r in results) or [0.0]
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "rps": len(ok) / seconds,
        "p50": q[49],
        "p95": q[94],
        "errors": len(results) - len(ok),
    }


def summary(label: str, windows: list[dict]) -> dict:
    figures = {}
    line = f"{label:<30}"
    for name in ("rps", "p50", "p95"):
        values = [w[name] for w in windows]
        figures[name] = statistics.median(values)
        line += f"{figures[name]:>9.1f} ({min(values):.1f}–{max(values):.1f})"
    errors = sum(w["errors"] for w in windows)
    print(f"{line}{errors:>8}")
    return figures


def cpu_in_process(department, rounds: int, per_round: int, profile: bool):
    """CPU ms per submission through the test client, API and floor alternating."""
    import floor_wsgi  # noqa: F401  (its URL conf serves the floor's path)
    from django.test import Client

    client = Client()

    def api():
        response = client.post(
            API_URL,
            json.dumps(BODY | {"department": department.pk}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )
        assert response.status_code == 201, response.content[:300]

    def floor():
        response = client.post(
            FLOOR_URL,
            json.dumps(BODY | {"department": department.pk, "kind": "consultation"}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )
        assert response.status_code == 201, response.content[:300]

    for _ in range(30):
        api(), floor()
    timings: dict[str, list[float]] = {"api": [], "floor": []}
    for _ in range(rounds):
        for name, call in (("api", api), ("floor", floor)):
            start = time.thread_time()
            for _ in range(per_round):
                call()
            timings[name].append((time.thread_time() - start) * 1000 / per_round)
    print(
        f"\nCPU per submission in process (test client), {rounds} rounds × {per_round}"
    )
    for name, values in timings.items():
        print(
            f"  {name:<6}{statistics.median(values):>7.2f} ms"
            f" ({min(values):.2f}–{max(values):.2f})"
        )
    if profile:
        profiler = cProfile.Profile(time.thread_time)  # CPU, not waits
        profiler.enable()
        for _ in range(per_round * 2):
            api()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
            r"/work/main/(?!\.venv)|sequences|rest_framework/(views|serializers)", 45
        )
        print(out.getvalue())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--window-seconds", type=float, default=10)
    parser.add_argument("--pairs", type=int, default=3, help="API+floor windows")
    parser.add_argument("--warm-up-seconds", type=float, default=5)
    parser.add_argument("--burst-clients", type=int, default=200)
    parser.add_argument("--burst-seconds", type=float, default=10)
    parser.add_argument("--redis", default="", help="REDIS_URL for the cache")
    parser.add_argument("--cpu", type=int, default=0, help="submissions per round")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cpu-only", action="store_true", help="no HTTP load")
    parser.add_argument(
        "--fill", type=int, default=0, help="cases in the database first (1000000)"
    )
    args = parser.parse_args()
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    # The server gets these too (_load.start_gunicorn); here for --cpu.
    os.environ.update(UNTHROTTLED)
    vendor = setup_django(fill=args.fill or None)
    if vendor != "postgresql":
        print("note: not PostgreSQL; set DATABASE_URL for the production-like figure")

    from django.utils import timezone

    from cases.models import Case
    from departments.demo import seed_departments

    department = seed_departments()[1]
    body = BODY | {"department": department.pk}
    if args.cpu:
        cpu_in_process(department, rounds=5, per_round=args.cpu, profile=args.profile)
        if args.cpu_only:
            return
    started = timezone.now()  # the reconciliation's cases: the HTTP load's

    port = free_port()
    server = start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"

    def run(url, *, clients, seconds, keyed=True, kind="suggestion"):
        return asyncio.run(
            load(
                base + url,
                body | {"kind": kind},
                clients=clients,
                seconds=seconds,
                keyed=keyed,
            )
        )

    answered = []  # every API result of the run, for the reconciliation
    api_windows, floor_windows = [], []
    try:
        answered += run(API_URL, clients=args.clients, seconds=args.warm_up_seconds)
        run(
            FLOOR_URL,
            clients=args.clients,
            seconds=args.warm_up_seconds,
            kind="consultation",
        )
        for _ in range(max(args.pairs, 3)):
            api = run(API_URL, clients=args.clients, seconds=args.window_seconds)
            answered += api
            api_windows.append(window_figures(api, args.window_seconds))
            floor = run(
                FLOOR_URL,
                clients=args.clients,
                seconds=args.window_seconds,
                kind="consultation",
            )
            floor_windows.append(window_figures(floor, args.window_seconds))
        burst = run(API_URL, clients=args.burst_clients, seconds=args.burst_seconds)
        answered += burst
    finally:
        server.terminate()
        server.wait(timeout=30)

    cache = "Redis" if args.redis else "database cache (no REDIS_URL, as `make run`)"
    print(
        f"\n{args.clients} clients, {len(api_windows)} pairs of {args.window_seconds:g} s"
        f" windows after {args.warm_up_seconds:g} s warm-up each; {vendor}; {cache};"
        " gunicorn 2 workers × 4 threads"
    )
    print(f"machine: {machine()}")
    print(
        f"{'window':<8}"
        + "".join(
            f"{'API ' + k:>12}{'floor ' + k:>13}" for k in ("req/s", "p50", "p95")
        )
    )
    for i, (a, f) in enumerate(zip(api_windows, floor_windows, strict=True), 1):
        print(
            f"{i:<8}"
            + "".join(f"{a[k]:>12.1f}{f[k]:>13.1f}" for k in ("rps", "p50", "p95"))
        )
    print(
        f"\n{'endpoint':<30}{'req/s (spread)':>24}{'p50 ms (spread)':>24}"
        f"{'p95 ms (spread)':>24}{'errors':>8}"
    )
    api_median = summary("POST /api/v1/cases/", api_windows)
    floor_median = summary("bare Django view (floor)", floor_windows)
    print(
        f"API / floor throughput (medians): {api_median['rps'] / floor_median['rps']:.2f}"
    )

    burst_figures = window_figures(burst, args.burst_seconds)
    print(
        f"\n{args.burst_clients} clients, {args.burst_seconds:g} s: "
        f"{burst_figures['rps']:.1f} req/s, p50 {burst_figures['p50']:.0f} ms, "
        f"p95 {burst_figures['p95']:.0f} ms, statuses {dict(Counter(r[0] for r in burst))}"
    )
    sys.exit(reconcile(Case, answered, since=started))


def reconcile(case_model, answered, *, since) -> int:
    """Print duplicates, gaps and errors of every API answer against the cases
    submitted since `since` (a filled database holds others)."""
    numbers = [r[2] for r in answered if r[0] == 201]
    stored = list(
        case_model.objects.filter(
            kind="suggestion", submitted_at__gte=since
        ).values_list("number", flat=True)
    )
    duplicates = len(numbers) - len(set(numbers))
    counters: dict[str, list[int]] = {}
    for number in stored:
        prefix, counter = number.rsplit("-", 1)
        counters.setdefault(prefix, []).append(int(counter))
    gaps = sum(max(c) - min(c) + 1 - len(set(c)) for c in counters.values())
    errors = sum(r[0] != 201 for r in answered)
    unanswered = len(set(stored) - set(numbers))
    phantom = len(set(numbers) - set(stored))
    print(
        f"reconciliation of {len(answered)} API posts: {len(numbers)} answered 201, "
        f"{len(stored)} cases stored; duplicate numbers {duplicates}, gaps {gaps}, "
        f"errors {errors}, cases without a 201 {unanswered}, 201s without a case "
        f"{phantom}"
    )
    return 1 if duplicates or gaps or errors or unanswered or phantom else 0


if __name__ == "__main__":
    main()
