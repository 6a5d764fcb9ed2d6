"""How fast an officer's case list opens in the back office with 100,000 cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/case_changelist.py

Prints the median and 95th-percentile time of the changelist (first page, newest
first) and of a filtered one (overdue only), and their query counts.
"""

import argparse
import statistics
import time

from _setup import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    vendor = setup_django()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from fill import fill_cases

    from departments import services

    started = time.perf_counter()
    departments = fill_cases(count=args.cases)
    print(
        f"filled {args.cases:,} cases on {vendor} in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("ANALYZE")
    officer = get_user_model().objects.create_user("bench_officer", password="x")
    services.staff_grant(user=officer, department=departments[0], role="officer")
    client = Client()
    client.force_login(officer)

    print(f"{'page':<32}{'p50 ms':>10}{'p95 ms':>10}{'queries':>10}")
    for label, params in [
        ("changelist, newest first", {}),
        ("changelist, overdue filter", {"deadline": "overdue"}),
        ("changelist, search by title", {"q": "噪音"}),
    ]:
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get("/admin/cases/case/", params)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{label:<32}{statistics.median(timings):>10.1f}{p95:>10.1f}{len(queries):>10}"
        )


if __name__ == "__main__":
    main()
