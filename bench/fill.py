"""Fill the benchmark database with a city's year of cases, fast (bulk inserts that
bypass the services: numbering and photos are not what is measured here)."""

import random
from datetime import timedelta

from django.utils import timezone

from cases.codes import PREFIXES, hash_query_code
from cases.models import Case
from departments.demo import seed_departments

STATUSES = ["submitted", "accepted", "replied", "closed", "rejected"]
TITLES = [
    "夜间施工噪音扰民",
    "失业补贴怎么申领",
    "建议增设老年食堂",
    "餐馆油烟直排",
    "小区门口车辆乱停",
]


def fill_cases(*, count: int, kind: str | None = None, batch: int = 5000) -> list:
    """Insert `count` cases spread over the last 365 days; returns the departments."""
    departments = seed_departments()
    rng = random.Random(7)
    now = timezone.now()
    counters: dict[str, int] = {}
    code_hash = hash_query_code(number="BENCH", code="AAAAAAAA")
    rows = []
    for index in range(count):
        case_kind = kind or rng.choice(list(PREFIXES))
        submitted = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        prefix = f"{PREFIXES[case_kind]}-{submitted:%Y%m%d}"
        # From 5001: the real counter (django-sequences) hands out 0001 upwards to
        # cases the benchmarks submit through the services alongside these rows.
        counters[prefix] = counters.get(prefix, 5000) + 1
        status = rng.choice(STATUSES)
        rows.append(
            Case(
                number=f"{prefix}-{counters[prefix]:04d}",
                kind=case_kind,
                query_code_hash=code_hash,
                title=f"{rng.choice(TITLES)}（{index}）",
                content="市民反映的具体情况，包含时间、地点和诉求。" * 3,
                department=rng.choice(departments),
                complainee="某单位" if case_kind == "complaint" else "",
                contact_name="王女士",
                contact_phone=f"139{rng.randint(0, 99999999):08d}",
                channel="h5",
                status=status,
                submitted_at=submitted,
                accepted_at=submitted + timedelta(hours=5)
                if status != "submitted"
                else None,
                replied_at=submitted + timedelta(days=2)
                if status in {"replied", "closed"}
                else None,
                closed_at=submitted + timedelta(days=3) if status == "closed" else None,
                reply="已处理。" if status in {"replied", "closed"} else "",
                due_at=submitted + timedelta(days=7),
            )
        )
        if len(rows) == batch:
            Case.objects.bulk_create(rows)
            rows = []
    Case.objects.bulk_create(rows)
    return departments
