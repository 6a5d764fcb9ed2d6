"""Soak: mixed citizen traffic at a steady rate against gunicorn, then reconcile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/soak.py --minutes 10

Each second it sends --rate requests: browsing (departments, a department, service
types, public letters, posters, albums), submissions with an Idempotency-Key,
look-ups of earlier submissions, and 好差评 ratings of cases this script answers
through the services meanwhile. Afterwards: zero 5xx, every 201 exactly one case,
no case without a 201, and the workers' memory (RSS) at the start and the end.
"""

import argparse
import asyncio
import random
import time
import uuid
from collections import Counter
from pathlib import Path

from _load import free_port, start_gunicorn
from _setup import setup_django


def worker_rss_mb(server) -> float:
    """Resident memory of gunicorn's workers (children of the master), in MB."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server.pid):
            total += int(fields["VmRSS"].split()[0])
    return total / 1024


async def soak(base, *, minutes, rate, department_ids, answer):
    import httpx

    statuses, submitted = Counter(), []
    rng = random.Random(1)
    body = {
        "kind": "consultation",
        "title": "医保异地报销咨询",
        "content": "请问异地就医后回本地报销需要准备哪些材料？",
        "contact_name": "李先生",
        "contact_phone": "13900002222",
        "channel": "h5",
    }

    async def one(http):
        roll = rng.random()
        if roll < 0.5:
            path = rng.choice(
                ["/api/v1/departments/", f"/api/v1/departments/{rng.choice(department_ids)}/",
                 "/api/v1/service-types/?search=登记", "/api/v1/cases/public/",
                 "/api/v1/posters/", "/api/v1/albums/"]
            )  # fmt: skip
            response = await http.get(base + path)
        elif roll < 0.7 or not submitted:
            key = uuid.uuid4().hex
            response = await http.post(
                base + "/api/v1/cases/",
                json={**body, "department": rng.choice(department_ids)},
                headers={"Idempotency-Key": key},
            )
            if response.status_code == 201:
                data = response.json()
                submitted.append((data["number"], data["query_code"]))
        elif roll < 0.9:
            number, code = rng.choice(submitted)
            response = await http.post(
                base + "/api/v1/cases/lookup/",
                json={"number": number, "query_code": code},
            )
        else:
            number, code = rng.choice(submitted)
            await asyncio.to_thread(answer, number)
            response = await http.post(
                base + "/api/v1/cases/evaluation/",
                json={"number": number, "query_code": code, "level": 4},
            )
        statuses[response.status_code] += 1

    async with httpx.AsyncClient(
        timeout=30, limits=httpx.Limits(max_connections=20)
    ) as http:
        end = time.monotonic() + minutes * 60
        tasks = set()
        while time.monotonic() < end:
            tick = time.monotonic()
            for _ in range(rate):
                task = asyncio.create_task(one(http))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            await asyncio.sleep(max(0, 1 - (time.monotonic() - tick)))
        await asyncio.gather(*tasks, return_exceptions=True)
    return statuses, submitted


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=int, default=20, help="requests per second")
    args = parser.parse_args()
    setup_django()

    from cases import services
    from cases.models import Case
    from departments.demo import seed_departments

    department_ids = [d.pk for d in seed_departments()]

    def answer(number):
        # Staff answer the case so that the citizen can rate it.
        case = Case.objects.get(number=number)
        if case.status == "submitted":
            case = services.case_transition(case=case, to_status="accepted")
        if case.status == "accepted":
            services.case_transition(case=case, to_status="replied", reply="已答复。")

    port = free_port()
    server = start_gunicorn(port)
    try:
        rss_start = worker_rss_mb(server)
        statuses, submitted = asyncio.run(
            soak(f"http://127.0.0.1:{port}", minutes=args.minutes, rate=args.rate,
                 department_ids=department_ids, answer=answer)
        )  # fmt: skip
        rss_end = worker_rss_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)

    numbers = [number for number, _ in submitted]
    stored = set(Case.objects.values_list("number", flat=True))
    five_xx = sum(count for status, count in statuses.items() if status >= 500)
    print(
        f"{args.minutes:g} min at {args.rate} req/s: {sum(statuses.values()):,} requests"
    )
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(
        f"5xx: {five_xx}; submissions answered 201: {len(numbers)}; cases stored: {len(stored)}"
    )
    print(f"lost (201 without case): {len(set(numbers) - stored)}; "
          f"duplicated numbers: {len(numbers) - len(set(numbers))}; "
          f"cases without a 201: {len(stored - set(numbers))}")  # fmt: skip
    print(f"gunicorn workers RSS: start {rss_start:.0f} MB, end {rss_end:.0f} MB")


if __name__ == "__main__":
    main()
