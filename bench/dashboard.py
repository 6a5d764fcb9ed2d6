"""How fast the dashboard answers with 100,000 cases, and the public statistics.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/dashboard.py

Fills a year of cases (bench/fill.py) and rates a third of the answered ones, then
times the supervisor's dashboard with a cold cache (cleared before every run: the
real cost of the figures) and a warm one (the next minute's visitors), an
officer's, and GET /api/v1/stats/ cold. Prints p50/p95 in ms and query counts.
"""

import argparse
import os
import random
import statistics
import tempfile
import time

from _setup import setup_django


def rate_cases(rng: random.Random) -> int:
    """Rate a third of the answered cases, straight into the table (the services
    and their rectifications are not what is measured)."""
    from django.apps import apps

    if not apps.is_installed("feedback"):
        return 0
    from cases.models import Case
    from feedback.models import CaseEvaluation

    answered = Case.objects.filter(
        status__in=["replied", "closed"], evaluations__isnull=True
    ).values_list("id", "department_id", "replied_at")
    rows = [
        CaseEvaluation(
            case_id=pk,
            department_id=department_id,
            level=rng.choices([5, 4, 3, 2, 1], weights=[40, 30, 15, 10, 5])[0],
            created_at=replied_at,
        )
        for pk, department_id, replied_at in answered
        if rng.random() < 1 / 3
    ]
    CaseEvaluation.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def measure(client, url, params, runs, cold):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    if not cold:
        client.get(url, params)
    for _ in range(runs):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings), p95, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # The page links its stylesheet through the hashed-names manifest, as in
    # production, so collect the static files once into a throwaway folder.
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp()
    vendor = setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from fill import fill_cases

    from departments import services
    from departments.roles import SUPERVISOR_GROUP, ensure_role_groups
    from portal.dashboard.timing import local_date

    started = time.perf_counter()
    departments = fill_cases(count=args.cases)
    rated = rate_cases(random.Random(11))
    print(
        f"filled {args.cases:,} cases ({rated:,} rated) on {vendor} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("ANALYZE")

    users = get_user_model().objects
    supervisor = users.create_user("bench_supervisor", password="x", is_staff=True)
    supervisor.groups.add(ensure_role_groups()[SUPERVISOR_GROUP])
    officer = users.create_user("bench_officer", password="x")
    services.staff_grant(user=officer, department=departments[0], role="officer")
    today = local_date(timezone.now())
    last_year = {"date_from": f"{today.replace(year=today.year - 1):%Y-%m-%d}"}

    as_supervisor, as_officer, anonymous = Client(), Client(), Client()
    as_supervisor.force_login(supervisor)
    as_officer.force_login(officer)
    print(f"{'page':<44}{'p50 ms':>10}{'p95 ms':>10}{'queries':>10}")
    for label, client, url, params, cold in [
        ("dashboard, supervisor, this year, cold", as_supervisor, "/admin/", {}, True),
        (
            "dashboard, supervisor, 365 days, cold",
            as_supervisor,
            "/admin/",
            last_year,
            True,
        ),
        ("dashboard, supervisor, this year, warm", as_supervisor, "/admin/", {}, False),
        ("dashboard, officer, this year, cold", as_officer, "/admin/", {}, True),
        ("GET /api/v1/stats/, cold", anonymous, "/api/v1/stats/", {}, True),
    ]:
        p50, p95, queries = measure(client, url, params, args.runs, cold)
        print(f"{label:<44}{p50:>10.1f}{p95:>10.1f}{queries:>10}")


if __name__ == "__main__":
    main()
