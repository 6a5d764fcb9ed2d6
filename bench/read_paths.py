"""Citizen read paths with a city's cases in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/read_paths.py --cases 1000000

Times (in-process, Django's test client, throttles lifted but counting, in the
database cache of `make run`) the case look-up (POST /api/v1/cases/lookup/), once
more with the throttles' counters in Redis as in production (BENCH_REDIS_URL,
default the local Redis's database 15; left out when none answers), the
public letters list (公开信件, GET /api/v1/cases/public/, all kinds and complaints
only), a department's page (GET /api/v1/departments/{id}/), the department list
and the posters. Floor: the look-up's case by number and the letters' page of
cases run bare; for the department pages and posters, made of many small
queries, every SELECT of the request replayed bare. EXPLAIN of that query names the index that serves it.
Harness: bench/_measure.py.
"""

import argparse

from _measure import Figure, add_arguments, measure, report
from _setup import setup_django


def _cases_page(sql: str) -> bool:
    return 'FROM "cases_case"' in sql and "COUNT(" not in sql


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    add_arguments(parser)
    args = parser.parse_args()
    vendor = setup_django(fill=args.cases)

    from django.test import Client
    from fill import departments as fill_departments
    from rest_framework.throttling import SimpleRateThrottle

    from cases import services
    from media_gallery.demo import seed_gallery

    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "100000000/hour"
    )
    departments = fill_departments()
    # Posters and albums; not the whole seed_demo, whose demo ratings and 12345
    # steps walk every answered case (minutes at a million).
    seed_gallery()
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
    client = Client()
    lookup = {"number": submitted.case.number, "query_code": submitted.query_code}
    department_url = f"/api/v1/departments/{departments[0].pk}/"

    def look_up():
        return client.post(
            "/api/v1/cases/lookup/", lookup, content_type="application/json"
        )

    redis = _redis_cache()
    figures = [
        Figure(
            # Its throttles' counters commit in the database cache, per try.
            "case look-up, database cache (make run)",
            look_up,
            main=lambda sql: '"cases_case"."number" =' in sql,
            target_ms=None if redis else 10,
            index=("cases_case_number_key", "cases_case_number_980c9551_like"),
        ),
        *(
            [
                Figure(
                    "case look-up, Redis cache (production)",
                    lambda: _with_cache(redis, look_up),
                    main=lambda sql: '"cases_case"."number" =' in sql,
                    target_ms=10,
                    index=("cases_case_number_key", "cases_case_number_980c9551_like"),
                )
            ]
            if redis
            else []
        ),
        Figure(
            "public letters, page 1",
            lambda: client.get("/api/v1/cases/public/"),
            main=_cases_page,
            target_ms=50,
            index="case_public_letters",
        ),
        Figure(
            "public letters, complaints only",
            lambda: client.get("/api/v1/cases/public/?kind=complaint"),
            main=_cases_page,
            target_ms=50,
            index="case_public_letters_kind",
        ),
        # Many small queries, none of them the page: their replay is the floor.
        Figure(
            "department page",
            lambda: client.get(department_url),
            floor="replay",
            target_ms=20,
        ),
        Figure(
            "department list",
            lambda: client.get("/api/v1/departments/"),
            floor="replay",
        ),
        Figure(
            "posters showing now",
            lambda: client.get("/api/v1/posters/"),
            floor="replay",
        ),
    ]
    report(
        measure(figures, args),
        title=f"Citizen read paths on {vendor}",
        args=args,
        cases=args.cases,
        notes=[f"department page: {departments[0].name}"],
    )


def _redis_cache():
    """The production cache (README: PostgreSQL and Redis) for the look-up's
    throttle counters, when BENCH_REDIS_URL's Redis answers (default: the local
    one, database 15); None without one."""
    import os

    from django_redis.cache import RedisCache  # portal/settings.py's backend

    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    if not url:
        return None
    cache = RedisCache(
        url, {"KEY_PREFIX": "wzw-bench", "OPTIONS": {"SOCKET_TIMEOUT": 1}}
    )
    try:
        cache.clear()
    except Exception:  # no Redis here: the database cache's figure stands alone
        return None
    return cache


def _with_cache(cache, call):
    from django.core.cache import caches

    deployed = caches["default"]
    caches["default"] = cache
    try:
        return call()
    finally:
        caches["default"] = deployed


if __name__ == "__main__":
    main()
