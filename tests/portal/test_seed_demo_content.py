"""seed_demo shows what issues 21 and 22 promise: bookings open at the demo windows,
notices of each kind, an open survey and an open poll, service halls with
coordinates holding the windows."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_demo_has_bookings_notices_surveys_and_halls():
    from appointments.models import WindowSchedule
    from departments.models import ServiceHall, ServiceWindow
    from notices.models import Notice
    from surveys.models import Survey

    call_command("seed_demo", verbosity=0)
    assert WindowSchedule.objects.filter(is_open=True, sessions__isnull=False).exists()
    published = Notice.objects.filter(status="published")
    assert set(published.values_list("kind", flat=True)) == set(Notice.Kind.values)
    assert set(Survey.objects.values_list("kind", flat=True)) == {"survey", "poll"}
    assert ServiceHall.objects.filter(latitude__isnull=False).count() == 3
    assert not ServiceWindow.objects.filter(hall__isnull=True).exists()
