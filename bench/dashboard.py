"""How fast the dashboard (数据看板, the admin's first page) and the public
statistics answer with a city's cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/dashboard.py --cases 1000000

Cases from bench/fill.py (three years, a third of the answered ones rated, the
roll-ups rebuilt when `manage.py rebuild_rollups` exists). Times the supervisor's
dashboard with a cold cache (cleared before every call, untimed: the real cost
of the figures) for this year and for the last 365 days, and a warm one (the
next minute's visitors), an officer's (the busiest department), and GET
/api/v1/stats/ cold. Floor: every SELECT the page ran, replayed bare in the same
order (the database's part of the page; the ratio is what Python, the figures'
assembly and the template add). Harness: bench/_measure.py.
"""

import argparse

from _measure import Figure, add_arguments, measure, report
from _setup import setup_django

DASHBOARD_MS = 300  # the p50 at 1,000,000 cases, cold
STATS_MS = 100


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    add_arguments(parser)
    args = parser.parse_args()
    vendor = setup_django(fill=args.cases, static=True)

    from _fill_rows import BUSIEST
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from departments import services
    from departments.models import Department
    from departments.roles import SUPERVISOR_GROUP, ensure_role_groups
    from portal.dashboard.timing import local_date

    users = get_user_model().objects
    supervisor = users.create_user("bench_supervisor", password="x", is_staff=True)
    supervisor.groups.add(ensure_role_groups()[SUPERVISOR_GROUP])
    officer = users.create_user("bench_officer", password="x")
    department = Department.objects.get(code=BUSIEST)
    services.staff_grant(user=officer, department=department, role="officer")
    today = local_date(timezone.now())
    last_year = {"date_from": f"{today.replace(year=today.year - 1):%Y-%m-%d}"}

    as_supervisor, as_officer, anonymous = Client(), Client(), Client()
    as_supervisor.force_login(supervisor)
    as_officer.force_login(officer)

    def page(client, url, params=None):
        return lambda: client.get(url, params or {})

    cold = {"before": cache.clear, "floor": "replay"}
    figures = [
        Figure(
            "dashboard, supervisor, this year, cold",
            page(as_supervisor, "/admin/"),
            target_ms=DASHBOARD_MS,
            **cold,
        ),
        Figure(
            "dashboard, supervisor, last 365 days, cold",
            page(as_supervisor, "/admin/", last_year),
            target_ms=DASHBOARD_MS,
            **cold,
        ),
        Figure(
            "dashboard, supervisor, this year, warm",
            page(as_supervisor, "/admin/"),
            floor="replay",
        ),
        Figure(
            "dashboard, officer, this year, cold",
            page(as_officer, "/admin/"),
            target_ms=DASHBOARD_MS,
            **cold,
        ),
        Figure(
            "GET /api/v1/stats/, cold",
            page(anonymous, "/api/v1/stats/"),
            target_ms=STATS_MS,
            **cold,
        ),
    ]
    report(
        measure(figures, args),
        title=f"Dashboard and public statistics on {vendor}",
        args=args,
        cases=args.cases,
        notes=[f"officer: {department.name}; floor: the page's SELECTs replayed bare"],
    )


if __name__ == "__main__":
    main()
