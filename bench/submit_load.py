"""Submission throughput: the portal under gunicorn (as `make run` serves it) with
50 concurrent clients for a fixed time, then a reconciliation against the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/submit_load.py

Prints requests/s, p50/p95/p99 latency and errors for the API and for a bare Django
view inserting the same row (the floor), their ratio, and checks: every 201 has
exactly one case, no case without a 201, numbers unique and gapless.
"""

import argparse
import asyncio
import statistics
import sys
from collections import Counter

from _load import free_port, load, start_gunicorn
from _setup import setup_django


def report(label: str, results, seconds: float) -> float:
    ok = [r for r in results if r[0] == 201]
    latencies = sorted(r[1] * 1000 for r in results)
    q = statistics.quantiles(latencies, n=100)
    errors = len(results) - len(ok)
    rps = len(ok) / seconds
    print(f"{label:<28}{rps:>8.1f}{q[49]:>9.1f}{q[94]:>9.1f}{q[98]:>9.1f}{errors:>8}")
    return rps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    vendor = setup_django()
    if vendor != "postgresql":
        print("note: not PostgreSQL; set DATABASE_URL for the production-like figure")

    from cases.models import Case
    from departments.demo import seed_departments

    department = seed_departments()[1]
    port = free_port()
    server = start_gunicorn(port)
    body = {
        "kind": "suggestion",
        "title": "建议增设公交站点",
        "content": "建议在幸福路与建设路交叉口增设一个公交站点，方便居民出行。",
        "department": department.pk,
        "contact_name": "王先生",
        "contact_phone": "13800001111",
        "channel": "api",
    }
    try:
        api = asyncio.run(
            load(
                f"http://127.0.0.1:{port}/api/v1/cases/",
                body,
                clients=args.clients,
                seconds=args.seconds,
                keyed=True,
            )
        )
        api_numbers = [r[2] for r in api if r[0] == 201]
        floor_body = {**body, "kind": "consultation"}
        floor = asyncio.run(
            load(
                f"http://127.0.0.1:{port}/bench-floor/",
                floor_body,
                clients=args.clients,
                seconds=args.seconds,
                keyed=False,
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\n{args.clients} clients, {args.seconds:.0f} s each, {vendor}, gunicorn 2 workers × 4 threads"
    )
    print(
        f"{'endpoint':<28}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    )
    api_rps = report("POST /api/v1/cases/", api, args.seconds)
    floor_rps = report("bare Django insert (floor)", floor, args.seconds)
    print(f"API / floor throughput: {api_rps / floor_rps:.2f}")
    statuses = Counter(r[0] for r in api)
    print(f"API statuses: {dict(statuses)}")

    stored = list(
        Case.objects.filter(kind="suggestion").values_list("number", flat=True)
    )
    problems = []
    if len(api_numbers) != len(set(api_numbers)):
        problems.append("a number was answered twice")
    if set(api_numbers) != set(stored):
        problems.append(
            f"201s without a case: {len(set(api_numbers) - set(stored))}, "
            f"cases without a 201: {len(set(stored) - set(api_numbers))}"
        )
    by_day: dict[str, list[int]] = {}
    for number in stored:
        prefix, counter = number.rsplit("-", 1)
        by_day.setdefault(prefix, []).append(int(counter))
    for prefix, counters in by_day.items():
        if sorted(counters) != list(range(1, len(counters) + 1)):
            problems.append(f"gap in {prefix}")
    print(
        "reconciliation:",
        "OK — every 201 has exactly one case, numbers unique and gapless"
        if not problems
        else "; ".join(problems),
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
