"""Soak: mixed citizen traffic at a steady rate against gunicorn, then reconcile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/soak.py --minutes 10

Each second it sends --rate requests: 55 % browsing (departments, a department,
service types, public letters, posters, albums, statistics), 20 % submissions with
an Idempotency-Key, 15 % look-ups of earlier submissions, 5 % 好差评 ratings of
cases this script answers through the services meanwhile (each rated once), 5 %
市民印象 from a new browser each. Afterwards: zero 5xx, every 201 exactly one
case, no case without a 201, and the workers' memory (RSS) every 30 s.
"""

import argparse
import asyncio
import random
import statistics
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


BROWSE = [
    "/api/v1/departments/",
    "/api/v1/departments/{department}/",
    "/api/v1/service-types/?search=登记",
    "/api/v1/cases/public/",
    "/api/v1/posters/",
    "/api/v1/albums/",
    "/api/v1/stats/",
]


async def soak(base, *, minutes, rate, department_ids, answer, server):
    """Send `rate` requests a second for `minutes`; sample the workers' memory
    every 30 s. Returns (status counts, [(number, code)] of 201s, RSS samples)."""
    import httpx

    statuses, submitted, rateable, samples = Counter(), [], [], []
    latencies, answering = [], set()  # (start, seconds) per request; staff steps
    rng = random.Random(1)
    body = {
        "kind": "consultation",
        "title": "医保异地报销咨询",
        "content": "请问异地就医后回本地报销需要准备哪些材料？",
        "contact_name": "李先生",
        "contact_phone": "13900002222",
        "channel": "h5",
    }

    async def submit(http):
        response = await http.post(
            base + "/api/v1/cases/",
            json={**body, "department": rng.choice(department_ids)},
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        if response.status_code == 201:
            data = response.json()
            submitted.append((data["number"], data["query_code"]))
            if rng.random() < 0.3:
                # Staff answer it meanwhile (outside the timed request), so that
                # the citizen can rate it.
                task = asyncio.create_task(
                    answer_later(data["number"], data["query_code"])
                )
                answering.add(task)
                task.add_done_callback(answering.discard)
        return response

    async def answer_later(number, code):
        await asyncio.to_thread(answer, number)
        rateable.append((number, code))

    async def one(http):
        roll = rng.random()
        if roll < 0.55:
            path = rng.choice(BROWSE).format(department=rng.choice(department_ids))
            return await http.get(base + path)
        if roll < 0.75 or not submitted:
            return await submit(http)
        if roll < 0.9:
            number, code = rng.choice(submitted)
            return await http.post(
                base + "/api/v1/cases/lookup/",
                json={"number": number, "query_code": code},
            )
        if roll < 0.95 and rateable:
            number, code = rateable.pop(rng.randrange(len(rateable)))
            return await http.post(
                base + "/api/v1/cases/evaluation/",
                json={"number": number, "query_code": code, "level": rng.randint(1, 5)},
            )
        # 市民印象 from a new browser each time (one per browser, department and day).
        http.cookies.clear()
        return await http.post(
            base + f"/api/v1/departments/{rng.choice(department_ids)}/impressions/",
            json={"score": rng.randint(1, 5)},
        )

    async def counted(http):
        started = time.monotonic()
        try:
            response = await one(http)
            statuses[response.status_code] += 1
        except Exception as error:  # counted, so that nothing fails unseen
            statuses[type(error).__name__] += 1
        latencies.append((started, time.monotonic() - started))

    async def sample_memory(end):
        while time.monotonic() < end:
            samples.append((time.monotonic(), worker_rss_mb(server)))
            await asyncio.sleep(30)

    # Idle connections are dropped before gunicorn's 2 s keep-alive closes them,
    # else a request can race the close and read a reset (a client artefact).
    limits = httpx.Limits(max_connections=20, keepalive_expiry=1)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        end = time.monotonic() + minutes * 60
        sampler = asyncio.create_task(sample_memory(end))
        tasks = set()
        while time.monotonic() < end:
            tick = time.monotonic()
            for _ in range(rate):
                task = asyncio.create_task(counted(http))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            await asyncio.sleep(max(0, 1 - (time.monotonic() - tick)))
        await asyncio.gather(*tasks)
        await asyncio.gather(*answering)
        await sampler
    samples.append((time.monotonic(), worker_rss_mb(server)))
    return statuses, submitted, samples, latencies


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
        statuses, submitted, samples, latencies = asyncio.run(
            soak(f"http://127.0.0.1:{port}", minutes=args.minutes, rate=args.rate,
                 department_ids=department_ids, answer=answer, server=server)
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, statuses, submitted, samples, latencies)


def report(args, statuses, submitted, samples, latencies):
    from cases.models import Case

    numbers = [number for number, _ in submitted]
    stored = set(Case.objects.values_list("number", flat=True))
    five_xx = sum(n for status, n in statuses.items() if str(status).startswith("5"))
    print(
        f"{args.minutes:g} min at {args.rate} req/s: {sum(statuses.values()):,} requests"
    )
    print(f"statuses: {dict(sorted(statuses.items(), key=str))}")
    print(
        f"5xx: {five_xx}; submissions answered 201: {len(numbers)}; cases stored: {len(stored)}"
    )
    print(f"lost (201 without case): {len(set(numbers) - stored)}; "
          f"duplicated numbers: {len(numbers) - len(set(numbers))}; "
          f"cases without a 201: {len(stored - set(numbers))}")  # fmt: skip
    ms = sorted(seconds * 1000 for _, seconds in latencies)
    q = statistics.quantiles(ms, n=100)
    print(f"latency: p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, p99 {q[98]:.0f} ms")
    begin = min(t for t, _ in latencies)
    by_minute = {}
    for t, seconds in latencies:
        by_minute.setdefault(int((t - begin) // 60), []).append(seconds * 1000)
    p95s = ", ".join(
        f"{minute + 1}: {statistics.quantiles(values, n=20)[18]:.0f}"
        for minute, values in sorted(by_minute.items())
        if len(values) >= 20
    )
    print(f"p95 by minute (ms): {p95s}")
    first = samples[0][0]
    series = ", ".join(f"{(t - first) / 60:.1f} min {mb:.0f}" for t, mb in samples)
    print(f"gunicorn workers RSS (MB): {series}")
    # Memory is judged after the first minute: workers import and fill caches lazily.
    warm = [mb for t, mb in samples if t - first >= 60] or [samples[-1][1]]
    print(f"RSS after warm-up: first {warm[0]:.0f} MB, last {warm[-1]:.0f} MB, "
          f"max {max(warm):.0f} MB, growth {warm[-1] - warm[0]:+.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
