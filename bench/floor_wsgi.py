"""The portal's WSGI app plus one bare Django view, the fair floor for submissions.

`POST /bench-floor/` goes through Django's own request handling (every middleware
of the portal, URL resolution) to a plain function view, no DRF, that does what a
submission cannot do without: in one transaction, the same three inserts (the case
with its query-code hash and due date, its first event, its idempotency key) and
a number from the same gapless counter. It takes the number the way the API does
(after the inserts, then one update; `BENCH_FLOOR_NUMBER=first` takes it before
the case insert instead, the older order). No validation, no look-ups, no photos,
no notices, no roll-up, no throttle: `bench/submit_load.py` prints what the API
costs on top of it.

`POST /bench-floor/booking/` is the same for a booking (bench/book_load.py).

`BENCH_NO_ROLLUPS=1` makes `cases.rollups.case_submitted` do nothing in this
server, to show the roll-ups' share of a submission (never in production).
"""

import json
import os
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django
from django.conf import settings

django.setup()
# This module is the URL conf: the floor's path, then every path of the portal.
settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from cases import codes  # noqa: E402
from cases.models import Case, CaseEvent, SubmissionKey  # noqa: E402
from kernel import workdays  # noqa: E402

NUMBER_FIRST = os.environ.get("BENCH_FLOOR_NUMBER") == "first"

if os.environ.get("BENCH_NO_ROLLUPS") == "1":
    from cases import rollups

    rollups.case_submitted = lambda *, case: None


@csrf_exempt
def floor_insert(request):
    data = json.loads(request.body)
    now = timezone.now()
    due_at = workdays.add_workdays(start=now, days=15)
    with transaction.atomic():
        number = (
            codes.next_case_number(kind=data["kind"], moment=now)
            if NUMBER_FIRST
            else codes.provisional_number()
        )
        case = Case.objects.create(
            number=number,
            kind=data["kind"],
            query_code_hash=codes.hash_query_code(number=number, code="AAAAAAAA"),
            title=data["title"],
            content=data["content"],
            department_id=data["department"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            channel="api",
            submitted_at=now,
            due_at=due_at,
        )
        CaseEvent.objects.create(
            case=case,
            created_at=now,
            action=CaseEvent.Action.SUBMIT,
            to_status=case.status,
            note="市民提交",
        )
        SubmissionKey.objects.create(
            key=request.headers.get("Idempotency-Key") or codes.provisional_number(),
            fingerprint="0" * 64,
            case=case,
        )
        if not NUMBER_FIRST:
            number = codes.next_case_number(kind=data["kind"], moment=now)
            Case.objects.filter(pk=case.pk).update(
                number=number,
                query_code_hash=codes.hash_query_code(number=number, code="AAAAAAAA"),
            )
    return JsonResponse({"number": number}, status=201)


@csrf_exempt
def floor_booking(request):
    """The fair floor of a booking (bench/book_load.py): in one transaction the
    slot's row taken with the same conditional UPDATE, the booking and its event
    inserted, the number taken last from the same gapless counter. No sign-in
    check, no validation, no schedule, no outbox."""
    from django.db.models import F

    from appointments import codes as booking_codes
    from appointments.models import Appointment, AppointmentEvent, SlotCount

    data = json.loads(request.body)
    now = timezone.now()
    starts_at = datetime.fromisoformat(data["starts_at"])
    with transaction.atomic():
        SlotCount.objects.bulk_create(
            [SlotCount(window_id=data["window"], starts_at=starts_at)],
            ignore_conflicts=True,
        )
        taken = SlotCount.objects.filter(
            window_id=data["window"], starts_at=starts_at, booked__lt=data["seats"]
        ).update(booked=F("booked") + 1)
        if not taken:
            return JsonResponse({"starts_at": ["该时段已约满"]}, status=400)
        booking = Appointment.objects.create(
            number=booking_codes.provisional_number(),
            service_type_id=data["service_type"],
            window_id=data["window"],
            department_id=data["department"],
            day=starts_at.date(),
            starts_at=starts_at,
            ends_at=starts_at,
            phone=data["phone"],
            phone_hash=data["phone"],
            created_at=now,
        )
        AppointmentEvent.objects.create(
            appointment=booking, action=AppointmentEvent.Action.BOOK, created_at=now
        )
        booking.number = booking_codes.next_booking_number(moment=now)
        Appointment.objects.filter(pk=booking.pk).update(number=booking.number)
    return JsonResponse({"number": booking.number}, status=201)


urlpatterns = [
    path("bench-floor/", floor_insert),
    path("bench-floor/booking/", floor_booking),
    path("", include("portal.urls")),
]

application = get_wsgi_application()
