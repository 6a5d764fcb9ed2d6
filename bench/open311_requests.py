"""Open311 GET requests.json with a city's cases in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/open311_requests.py --cases 1000000

Times (in-process, Django's test client, throttles lifted but counting) what
another system polls: the last 90 days of public requests (公开信件's cases, at
most 1,000), the same for a client that also reads the requests it sent, one
service's, closed only, and twenty requests by number. Floor: each page's main
query (the cases, with their department and service type) run bare with every
row fetched. EXPLAIN names the index that serves it. Harness: bench/_measure.py.
"""

import argparse

from _measure import Figure, add_arguments, measure, report
from _setup import setup_django


def _cases_page(sql: str) -> bool:
    return 'FROM "cases_case"' in sql and "COUNT(" not in sql and "LIMIT" in sql


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    add_arguments(parser)
    args = parser.parse_args()
    vendor = setup_django(fill=args.cases)

    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.throttling import SimpleRateThrottle

    from cases.models import Case
    from open311 import services

    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "100000000/hour"
    )
    supervisor = get_user_model().objects.create_superuser(
        "bench-open311", "x@x.cn", "x"
    )
    _api_client, key = services.client_issue(
        actor=supervisor, name="基准客户端", rate_limit="100000000/hour"
    )
    client = Client()
    numbers = ",".join(
        Case.objects.filter(publish_consent=True, status__in=["replied", "closed"])
        .order_by("-submitted_at")
        .values_list("number", flat=True)[:20]
    )
    base = "/open311/v2/requests.json"
    figures = [
        Figure(
            "public requests, last 90 days",
            lambda: client.get(base),
            main=_cases_page,
        ),
        Figure(
            "a client's requests and the public ones",
            lambda: client.get(base, {"api_key": key}),
            main=_cases_page,
        ),
        Figure(
            "closed requests of one kind",
            lambda: client.get(base, {"service_code": "complaint", "status": "closed"}),
            main=_cases_page,
        ),
        Figure(
            "twenty requests by number",
            lambda: client.get(base, {"service_request_id": numbers}),
            main=_cases_page,
            index="cases_case_number_key",
        ),
    ]
    report(
        measure(figures, args),
        title=f"Open311 requests on {vendor}",
        args=args,
        cases=args.cases,
    )


if __name__ == "__main__":
    main()
