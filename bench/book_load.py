"""Bookings per second (预约) through the API against a fair floor, and 200 bookers
for one slot of 10 seats.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/book_load.py
    … --redis redis://127.0.0.1:6379/14     # the cache production runs with

The portal under gunicorn (2 workers × 4 threads, as `make run`). Each client is a
citizen signed in with a phone of their own (sessions written beforehand, as
POST /api/v1/me/login/ leaves them) booking a random slot of the coming week at
a window whose slots have seats enough for everyone: a booking that succeeds is
the work measured. The floor (`bench/floor_wsgi.py`, `/bench-floor/booking/`)
does in a bare Django view what a booking cannot do without: the slot's row
taken with the same conditional UPDATE, the booking and its event inserted, the
number from the same gapless counter. Warm-up, then pairs of windows, API and
floor alternating; medians and the spread.

The burst: `--burst` bookers at once for one slot of 10 seats: how many got a
seat (must be 10), how many were told 已约满, and how long until all had an
answer.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as day_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import UNTHROTTLED, free_port, start_gunicorn
from _setup import setup_django

API_URL = "/api/v1/appointments/"
FLOOR_URL = "/bench-floor/booking/"


def signed_in_sessions(count: int) -> list[tuple[str, str]]:
    """(phone, session key) for `count` phones, written in bulk."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from citizens import codes
    from citizens.session import PHONE_HASH, PHONE_SEALED, SIGNED_IN_AT

    store, now = SessionStore(), timezone.now()
    rows, pairs = [], []
    for n in range(count):
        phone = f"13{n:09d}"
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            PHONE_HASH: codes.phone_hash(phone),
            PHONE_SEALED: codes.seal(phone),
            SIGNED_IN_AT: now.isoformat(),
        }
        rows.append(
            Session(
                session_key=key,
                session_data=store.encode(data),
                expire_date=now + timedelta(days=1),
            )
        )
        pairs.append((phone, key))
    Session.objects.bulk_create(rows, batch_size=2000)
    return pairs


def bookable_window(*, seats: int, code: str):
    """A window of its own with a bookable service, Monday to Friday 09:00–17:00
    in 30-minute slots of `seats` seats, 7 days ahead."""
    from appointments.models import WeeklySession, WindowSchedule
    from departments.models import Department, ServiceType, ServiceWindow

    department = Department.objects.order_by("pk").first()
    window = ServiceWindow.objects.create(
        department=department, name=f"压测窗口{code}", code=code
    )
    service = ServiceType.objects.create(
        window=window, name=f"压测业务{code}", code=f"bench-{code}", by_appointment=True
    )
    schedule = WindowSchedule.objects.create(
        window=window, seats_per_slot=seats, days_ahead=7
    )
    WeeklySession.objects.bulk_create(
        WeeklySession(
            schedule=schedule, weekday=d, starts_at=day_time(9), ends_at=day_time(17)
        )
        for d in range(5)
    )
    return service, window, schedule


def coming_slots(schedule) -> list[datetime]:
    from django.utils import timezone

    from appointments import selectors

    now = timezone.now()
    days = [now.date() + timedelta(days=n) for n in range(1, 8)]
    return [
        slot.starts_at
        for day in days
        for slot in selectors.slots_with_seats(schedule=schedule, day=day, now=now)
    ]


async def post_all(base, requests, *, clients: int, seconds: float | None):
    """Post (url, body, session) requests with `clients` at once, for `seconds`
    (or until the list is used up); returns (status, latency, body)."""
    import httpx

    results, pending = [], iter(requests)
    deadline = time.perf_counter() + seconds if seconds else None
    limits = httpx.Limits(
        max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=1
    )

    async def client(http):
        for url, body, session in pending:
            if deadline and time.perf_counter() > deadline:
                return
            start = time.perf_counter()
            try:
                response = await http.post(
                    base + url, json=body, cookies={"sessionid": session}
                )
                results.append(
                    (response.status_code, time.perf_counter() - start, response.json())
                )
            except httpx.HTTPError:
                results.append((0, time.perf_counter() - start, None))

    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return results


def figures(results, seconds) -> dict:
    booked = [r for r in results if r[0] == 201]
    latencies = sorted(r[1] * 1000 for r in results) or [0]
    return {
        "rps": len(booked) / seconds,
        "p50": statistics.median(latencies),
        "errors": sum(r[0] not in (201,) for r in results),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--window-seconds", type=float, default=10)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--warm-up-seconds", type=float, default=3)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    os.environ.update(UNTHROTTLED)
    vendor = setup_django()
    if vendor != "postgresql":
        print("note: not PostgreSQL; set DATABASE_URL for the production-like figure")
    from departments.demo import seed_departments

    seed_departments()
    service, window, schedule = bookable_window(seats=20_000, code="load")
    slots = coming_slots(schedule)
    windows = 1 + 2 * max(args.pairs, 3)
    per_window = int(args.window_seconds * 400)  # more than either can do
    sessions = signed_in_sessions(per_window * (windows + 1) + args.burst)
    print(f"{len(sessions):,} signed-in phones, {len(slots)} slots of the coming week")
    phones = iter(sessions)

    def api_requests(n):
        return [
            (
                API_URL,
                {
                    "service_type": service.pk,
                    "window": window.pk,
                    "starts_at": random.choice(slots).isoformat(),
                },
                next(phones)[1],
            )
            for _ in range(n)
        ]

    def floor_requests(n):
        return [
            (
                FLOOR_URL,
                {
                    "service_type": service.pk,
                    "window": window.pk,
                    "department": window.department_id,
                    "seats": schedule.seats_per_slot,
                    "starts_at": random.choice(slots).isoformat(),
                    "phone": next(phones)[0],
                },
                "",
            )
            for _ in range(n)
        ]

    port = free_port()
    server = start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    run = lambda requests, seconds: asyncio.run(  # noqa: E731
        post_all(base, requests, clients=args.clients, seconds=seconds)
    )
    api_windows, floor_windows = [], []
    try:
        run(api_requests(per_window // 4), args.warm_up_seconds)
        run(floor_requests(per_window // 4), args.warm_up_seconds)
        for _ in range(max(args.pairs, 3)):
            api_windows.append(
                figures(
                    run(api_requests(per_window), args.window_seconds),
                    args.window_seconds,
                )
            )
            floor_windows.append(
                figures(
                    run(floor_requests(per_window), args.window_seconds),
                    args.window_seconds,
                )
            )
        burst_service, burst_window, burst_schedule = bookable_window(
            seats=10, code="burst"
        )
        slot = coming_slots(burst_schedule)[0]
        burst = [
            (
                API_URL,
                {
                    "service_type": burst_service.pk,
                    "window": burst_window.pk,
                    "starts_at": slot.isoformat(),
                },
                next(phones)[1],
            )
            for _ in range(args.burst)
        ]
        started = time.perf_counter()
        answers = asyncio.run(post_all(base, burst, clients=args.burst, seconds=None))
        took = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()

    def line(label, rows):
        values = [r["rps"] for r in rows]
        p50 = statistics.median(r["p50"] for r in rows)
        return f"{label:<34} {statistics.median(values):8.1f} ({min(values):.1f}–{max(values):.1f})   p50 {p50:7.1f} ms   errors {sum(r['errors'] for r in rows)}"

    print(
        f"{args.clients} clients, {max(args.pairs, 3)} pairs of {args.window_seconds:g} s windows; {vendor}; {'Redis' if args.redis else 'database cache'}"
    )
    print("bookings per second (median, spread)")
    print(line("POST /api/v1/appointments/", api_windows))
    print(line("bare Django view (floor)", floor_windows))
    ratio = statistics.median(r["rps"] for r in api_windows) / statistics.median(
        r["rps"] for r in floor_windows
    )
    print(f"API / floor (medians): {ratio:.2f}")
    from appointments.models import Appointment

    seated = [a for a in answers if a[0] == 201]
    full = [a for a in answers if a[0] == 400 and "已约满" in str(a[2])]
    stored = Appointment.objects.filter(window=burst_window).count()
    print(
        f"burst: {args.burst} bookers at once for 10 seats: {len(seated)} booked, "
        f"{len(full)} told 已约满, {len(answers) - len(seated) - len(full)} other answers, "
        f"{stored} bookings stored, all answered in {took:.2f} s"
    )
    sys.exit(0 if len(seated) == stored == 10 and len(full) == args.burst - 10 else 1)


if __name__ == "__main__":
    main()
