"""A range of days is read as its whole months from the month roll-up and its
end days from the day roll-up (cases.statistics_rows.rollup_range): each day
counted once, whichever table holds it."""

from datetime import date, timedelta

import pytest
from django.db.models import Sum

from cases.models import CaseDayCount, CaseMonthCount
from cases.statistics_rows import next_month, rollup_range

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2025, 11, 1), date(2026, 3, 1)  # the days the rows cover


@pytest.fixture
def rolled(department_a):
    """One case a day from FIRST to LAST, and each month's row summing them, as
    cases.rollups keeps them."""
    row = {"department": department_a, "kind": "complaint", "status": "closed"}
    day = FIRST
    while day < LAST:
        CaseDayCount.objects.create(day=day, cases=1, **row)
        day += timedelta(days=1)
    month = FIRST
    while month < LAST:
        days = (next_month(month) - month).days
        CaseMonthCount.objects.create(month=month, cases=days, **row)
        month = next_month(month)


def _counted(first, last):
    parts = rollup_range(CaseDayCount, CaseMonthCount, first, last)
    return sum(part.aggregate(n=Sum("cases"))["n"] or 0 for part in parts), parts


@pytest.mark.parametrize(
    "first, last",
    [
        (date(2025, 11, 1), date(2026, 3, 1)),  # whole months only
        (date(2025, 11, 17), date(2026, 2, 9)),  # ends inside months, across a year
        (date(2025, 12, 1), date(2026, 1, 20)),  # a whole month and some days
        (date(2026, 1, 5), date(2026, 1, 25)),  # within one month
        (date(2026, 1, 31), date(2026, 2, 1)),  # one day, the month's last
        (date(2026, 2, 1), date(2026, 2, 1)),  # empty
    ],
)
def test_every_day_of_the_range_is_counted_once(rolled, first, last):
    counted, _parts = _counted(first, last)

    assert counted == (last - first).days


def test_whole_months_are_read_from_the_month_rows(rolled):
    _counted_days, parts = _counted(date(2025, 11, 17), date(2026, 2, 9))

    tables = [part.model for part in parts]
    assert tables == [CaseMonthCount, CaseDayCount]
    months = parts[0].values_list("month", flat=True).order_by("month")
    assert list(months) == [date(2025, 12, 1), date(2026, 1, 1)]
