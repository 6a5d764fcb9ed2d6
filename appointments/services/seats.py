"""A slot's seats: the `SlotCount` row its bookers queue on (services/booking.py
says how)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from appointments.models import SlotCount, WindowSchedule


def seats_change(changes: list[tuple[WindowSchedule, datetime, int]]) -> None:
    """Take (+1) or give back (−1) a seat of each slot, in (window, start) order;
    a slot with no seat left is 已约满. Inside the caller's transaction."""
    for schedule, starts_at, step in sorted(
        changes, key=lambda change: (change[0].window_id, change[1])
    ):
        rows = SlotCount.objects.filter(
            window_id=schedule.window_id, starts_at=starts_at
        )
        if step > 0:
            SlotCount.objects.bulk_create(
                [SlotCount(window_id=schedule.window_id, starts_at=starts_at)],
                ignore_conflicts=True,
            )
            taken = rows.filter(booked__lt=schedule.seats_per_slot).update(
                booked=F("booked") + 1
            )
            if not taken:
                raise ValidationError(
                    {"starts_at": _("该时段已约满，请选择其他时段。")}, code="full"
                )
        else:
            rows.filter(booked__gt=0).update(booked=F("booked") - 1)
