"""200 citizens book one slot of 10 seats at the same moment (PostgreSQL): exactly
10 bookings, gapless numbers, every other answer a 400 saying 已约满, and the
slot's count equal to its bookings. One phone booking twice at once gets one."""

import threading
from datetime import date

import pytest
from django.db import connection

from appointments.models import Appointment, SlotCount
from tests.appointments.conftest import at, book, signed_in_client
from tests.cases.helpers import run_in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("monday"),
]
BOOKERS = 200
# The requests start together; at most this many hold a database connection at
# once, as a server's pool would (PostgreSQL allows 100, shared with the suite).
CONNECTIONS = 40


def _skip_unless_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrency is proven on PostgreSQL (CI); SQLite serialises writers"
        )


def test_200_bookers_for_10_seats_get_exactly_10_bookings(schedule, service, rates):
    _skip_unless_postgresql()
    rates(appointment_book="100000/hour")
    schedule.seats_per_slot = 10
    schedule.save()
    slot = at(date(2026, 12, 8), 9)
    clients = [signed_in_client(f"139{n:08d}") for n in range(BOOKERS)]
    start = threading.Barrier(BOOKERS, timeout=120)
    pool = threading.BoundedSemaphore(CONNECTIONS)
    answers, lock, index = [], threading.Lock(), iter(range(BOOKERS))

    def booker():
        with lock:
            client = clients[next(index)]
        start.wait()
        with pool:
            response = book(client, service, slot)
            connection.close()
        with lock:
            answers.append((response.status_code, response.json()))

    assert run_in_threads(booker, BOOKERS) == []
    booked = [body["number"] for status, body in answers if status == 201]
    refused = [body for status, body in answers if status != 201]
    assert len(booked) == 10
    assert len(refused) == 190
    assert all("已约满" in str(body["starts_at"]) for body in refused)
    assert sorted(booked) == [f"YY-20261207-{n:04d}" for n in range(1, 11)]
    assert Appointment.objects.count() == 10
    assert SlotCount.objects.get(starts_at=slot).booked == 10


def test_one_phone_booking_twice_at_once_gets_one_booking(schedule, service, rates):
    _skip_unless_postgresql()
    rates(appointment_book="100000/hour")
    same_phone = [signed_in_client("13800000000") for _ in range(8)]
    slots = [at(date(2026, 12, 8), 9), at(date(2026, 12, 8), 14)]
    start = threading.Barrier(len(same_phone), timeout=60)
    answers, lock, index = [], threading.Lock(), iter(range(len(same_phone)))

    def booker():
        with lock:
            n = next(index)
        start.wait()
        response = book(same_phone[n], service, slots[n % 2])
        with lock:
            answers.append((response.status_code, response.json()))

    assert run_in_threads(booker, len(same_phone)) == []
    assert sorted(status for status, _ in answers) == [201] + [400] * 7
    assert Appointment.objects.count() == 1
    taken = sum(SlotCount.objects.values_list("booked", flat=True))
    assert taken == 1  # the refused ones gave their seats back
