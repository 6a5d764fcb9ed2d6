"""Where one request's time goes: each query's time and the Python rest.

    BENCH_REUSE=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu \
        .venv/bin/python bench/_profile_request.py --cases 1000000 /admin/cases/case/ q=噪音

A development aid beside the benchmarks (not a figure): logs in as the busiest
department's officer (`--as supervisor|root` for the others), requests the path
five times, and prints the last run's queries, slowest first, with the total.
"""

import argparse
import os
import time

from _setup import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--as", dest="who", default="officer")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cprofile", action="store_true", help="and cProfile's top")
    parser.add_argument("--cold", action="store_true", help="clear the cache each run")
    parser.add_argument("path")
    parser.add_argument("params", nargs="*")
    args = parser.parse_args()
    setup_django(fill=args.cases, static=True)

    from _fill_rows import BUSIEST
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from departments import services
    from departments.models import Department
    from departments.roles import SUPERVISOR_GROUP, ensure_role_groups

    users = get_user_model().objects
    if args.who == "root":
        user = users.create_superuser("p_root", password="x")
    elif args.who == "supervisor":
        user = users.create_user("p_sup", password="x", is_staff=True)
        user.groups.add(ensure_role_groups()[SUPERVISOR_GROUP])
    else:
        user = users.create_user("p_officer", password="x")
        services.staff_grant(
            user=user, department=Department.objects.get(code=BUSIEST), role="officer"
        )
    client = Client()
    client.force_login(user)
    params = dict(p.split("=", 1) for p in args.params)
    from django.core.cache import cache

    for _ in range(args.runs):
        if args.cold:
            cache.clear()
        with CaptureQueriesContext(connection) as seen:
            start = time.perf_counter()
            response = client.get(args.path, params)
            total = (time.perf_counter() - start) * 1000
        print(f"{response.status_code} {total:.1f} ms, {len(seen)} queries")
    if args.cprofile:
        import cProfile
        import pstats

        if args.cold:
            cache.clear()
        profile = cProfile.Profile()
        profile.runcall(client.get, args.path, params)
        pstats.Stats(profile).sort_stats(
            os.environ.get("PROFILE_SORT", "cumulative")
        ).print_stats(int(os.environ.get("PROFILE_LINES", "40")))
    spent = sum(float(q["time"]) * 1000 for q in seen.captured_queries)
    for q in sorted(seen.captured_queries, key=lambda q: -float(q["time"])):
        sql = q["sql"]
        print(f"{float(q['time']) * 1000:8.1f} ms  {sql[:200]} … {sql[-120:]}")
    print(f"queries {spent:.1f} ms, the rest {total - spent:.1f} ms")


if __name__ == "__main__":
    main()
