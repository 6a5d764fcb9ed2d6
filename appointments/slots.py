"""The slots of a window on a day, cut from its weekly sessions.

Rules (docs/appointments.md):

* A window opens only on working days (`kernel.workdays.is_workday`: public
  holidays off, make-up working days (调休) on). A make-up Saturday or Sunday opens
  with Monday's sessions: it stands in for a full working day, and Monday is the
  week's plain one.
* Each session is cut into slots of `slot_minutes` from its start; a remainder
  shorter than a slot is not offered.
* A closure takes away every slot it overlaps, or the whole day.

Times are Asia/Shanghai; the slots are aware datetimes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kernel import workdays
from kernel.workdays import SHANGHAI

MAKE_UP_DAY_WEEKDAY = 0  # Monday's sessions


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    @property
    def day(self) -> date:
        return self.starts_at.astimezone(SHANGHAI).date()


def sessions_on(
    sessions: Iterable[tuple[int, time, time]], day: date
) -> list[tuple[time, time]]:
    """The (start, end) sessions of `day`, from (weekday, start, end) rows."""
    if not workdays.is_workday(day):
        return []
    weekday = day.weekday() if day.weekday() < 5 else MAKE_UP_DAY_WEEKDAY
    return sorted((start, end) for wd, start, end in sessions if wd == weekday)


def day_slots(
    *,
    sessions: Iterable[tuple[int, time, time]],
    closures: Iterable[tuple[time | None, time | None]],
    slot_minutes: int,
    day: date,
) -> list[Slot]:
    """Every slot of `day`: its sessions cut into slots, less what the closures
    ((start, end) of that day; None for the whole day) cover."""
    closures = list(closures)
    if any(start is None or end is None for start, end in closures):
        return []
    closed = [(_at(day, start), _at(day, end)) for start, end in closures]
    length = timedelta(minutes=slot_minutes)
    slots = []
    for start, end in sessions_on(sessions, day):
        moment, last = _at(day, start), _at(day, end)
        while moment + length <= last:
            overlaps = any(
                moment < c_end and c_start < moment + length
                for c_start, c_end in closed
            )
            if not overlaps:
                slots.append(Slot(moment, moment + length))
            moment += length
    return slots


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=SHANGHAI)
