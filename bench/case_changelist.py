"""How fast the back office's case list opens, for an officer and a supervisor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/case_changelist.py --cases 1000000

The officer works at the busiest department (住建局 in bench/fill.py, 14 % of the
cases); the supervisor sees every case. Each opens the changelist (first page):
newest first, the overdue filter, a search for a two-character word (噪音), for a
five-character phrase (电动车充电), for a full case number, for a full phone
number, and for words no case has. Floor: the page's row query (the SELECT of
cases_case's columns for the page) run bare. EXPLAIN of that query names the index that
serves it. `--every-list` adds the first page of every other changelist of the
admin, as a superuser. Harness: bench/_measure.py (--repeats, --window-seconds,
--json).
"""

import argparse

from _measure import Figure, add_arguments, measure, report
from _setup import setup_django

TARGET_MS = 100  # the p50 at 1,000,000 cases, every list
# Django's name for Case's Index(fields=["status", "due_at"]).
SUPERVISOR_OVERDUE = ("cases_case_status_aeafed_idx", "case_dept_status_due")


def _row_query(sql: str) -> bool:
    """The page's rows: every column of cases_case (not the bounded count)."""
    return '"cases_case"."title"' in sql and "COUNT(" not in sql


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--every-list",
        action="store_true",
        help="also every other admin changelist's first page, as a superuser",
    )
    add_arguments(parser)
    args = parser.parse_args()
    vendor = setup_django(fill=args.cases, static=True)

    from _fill_rows import BUSIEST
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from cases.models import Case
    from departments import services
    from departments.models import Department
    from departments.roles import SUPERVISOR_GROUP, ensure_role_groups

    department = Department.objects.get(code=BUSIEST)
    users = get_user_model().objects
    officer = users.create_user("bench_officer", password="x")
    services.staff_grant(user=officer, department=department, role="officer")
    supervisor = users.create_user("bench_supervisor", password="x", is_staff=True)
    supervisor.groups.add(ensure_role_groups()[SUPERVISOR_GROUP])
    mine = Case.objects.filter(department=department)
    number = mine.order_by("-id").values_list("number", flat=True)[100]
    phone = (
        mine.values("contact_phone")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("-n")
        .values_list("contact_phone", flat=True)
        .first()
    )
    pages = [
        ("newest", {}, None),
        ("overdue", {"deadline": "overdue"}, "case_dept_status_due"),
        ("search 噪音", {"q": "噪音"}, "case_search_vector"),
        ("search 电动车充电", {"q": "电动车充电"}, "case_search_vector"),
        (
            "search by number",
            {"q": number},
            # The unique constraint's index, or Django's LIKE index of the field.
            ("cases_case_number_key", "cases_case_number_980c9551_like"),
        ),
        ("search by phone", {"q": phone}, "case_contact_phone"),
        ("search, no match", {"q": "星际旅行"}, "case_search_vector"),
    ]
    figures = []
    for who, user in [("officer", officer), ("supervisor", supervisor)]:
        client = Client()
        client.force_login(user)
        for label, params, index in pages:
            figures.append(
                Figure(
                    f"{who}: {label}",
                    lambda client=client, params=params: client.get(
                        "/admin/cases/case/", params
                    ),
                    main=_row_query,
                    target_ms=TARGET_MS,
                    # The supervisor's overdue list is every department's.
                    index=SUPERVISOR_OVERDUE
                    if (who, label) == ("supervisor", "overdue")
                    else index,
                )
            )
    if args.every_list:
        figures += _every_list(users)
    results = measure(figures, args)
    report(
        results,
        title=f"Case changelist (GET /admin/cases/case/) on {vendor}",
        args=args,
        cases=args.cases,
        notes=[
            f"officer: {department.name}, {mine.count():,} cases; "
            f"number {number}; phone with {mine.filter(contact_phone=phone).count()} cases"
        ],
    )


def _every_list(users) -> list[Figure]:
    """The first page of every other changelist of the admin, as a superuser."""
    from django.contrib import admin
    from django.test import Client

    from cases.models import Case

    root = users.create_superuser("bench_root", password="x")
    client = Client()
    client.force_login(root)
    figures = []
    for model in admin.site._registry:
        if model is Case:
            continue
        meta = model._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        table = f'FROM "{meta.db_table}"'
        figures.append(
            Figure(
                f"every list: {meta.app_label}.{meta.model_name}",
                lambda url=url: client.get(url),
                main=lambda sql, table=table: table in sql and "COUNT(" not in sql,
                target_ms=TARGET_MS,
            )
        )
    return figures


if __name__ == "__main__":
    main()
