"""Citizen read paths with 100,000 cases in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/read_paths.py

Times (in-process, Django's test client, throttles lifted) the case look-up, the
public letters list, a department's page and the posters, and prints p50/p95 and
the query count of each.
"""

import argparse
import statistics
import time

from _setup import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    vendor = setup_django()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from fill import fill_cases
    from rest_framework.throttling import SimpleRateThrottle

    from cases import services

    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "100000000/hour"
    )
    started = time.perf_counter()
    departments = fill_cases(count=args.cases)
    call_command("seed_demo", verbosity=0)  # posters, albums and the rest of the demo
    submitted = services.case_submit(
        submission=services.CaseSubmission(
            kind="complaint",
            title="夜间施工噪音扰民",
            content="小区东侧工地每晚十一点后仍在施工。",
            department_id=departments[1].pk,
            complainee="东城花园东侧工地",
            contact_name="王女士",
            contact_phone="13812345678",
            channel="api",
        )
    )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{args.cases:,} cases on {vendor}, filled in {time.perf_counter() - started:.0f} s\n"
    )

    client = Client()
    lookup = {"number": submitted.case.number, "query_code": submitted.query_code}
    paths = [
        ("case look-up", lambda: client.post("/api/v1/cases/lookup/", lookup, content_type="application/json")),
        ("public letters, page 1", lambda: client.get("/api/v1/cases/public/")),
        ("public letters, complaints", lambda: client.get("/api/v1/cases/public/?kind=complaint")),
        ("department page", lambda: client.get(f"/api/v1/departments/{departments[0].pk}/")),
        ("department list", lambda: client.get("/api/v1/departments/")),
        ("posters showing now", lambda: client.get("/api/v1/posters/")),
    ]  # fmt: skip
    print(f"{'read path':<30}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for label, call in paths:
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        timings = []
        for _ in range(args.runs):
            queries.clear()
            with connection.execute_wrapper(count):
                start = time.perf_counter()
                response = call()
                timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{label:<30}{response.status_code:>7}{statistics.median(timings):>9.1f}"
            f"{p95:>9.1f}{len(queries):>9}"
        )


if __name__ == "__main__":
    main()
