"""Case numbers: unique and gapless per kind and day, under concurrency and failure."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection

from cases import services
from cases.models import Case, CaseEvent
from tests.cases.helpers import run_in_threads
from tests.factories import DepartmentFactory


def _submission(department, kind="complaint"):
    return services.CaseSubmission(
        kind=kind,
        title="小区门口占道经营",
        content="每天傍晚小区门口有摊贩占道经营，影响通行。",
        department_id=department.id,
        complainee="小区门口摊贩",
        contact_name="王女士",
        contact_phone="13812345678",
        channel="api",
    )


def _counters(prefix_day):
    numbers = Case.objects.filter(number__startswith=prefix_day).values_list(
        "number", flat=True
    )
    return sorted(int(number.rsplit("-", 1)[1]) for number in numbers)


@pytest.mark.django_db
def test_each_kind_counts_from_one_each_day():
    department = DepartmentFactory()
    day_one = datetime(2026, 11, 22, 3, tzinfo=UTC)
    day_two = datetime(2026, 11, 22, 17, tzinfo=UTC)  # already 23 November in Shanghai

    numbers = [
        services.case_submit(
            submission=_submission(department, kind), now=moment
        ).case.number
        for moment, kind in [
            (day_one, "complaint"),
            (day_one, "complaint"),
            (day_one, "consultation"),
            (day_one, "suggestion"),
            (day_two, "complaint"),
        ]
    ]

    assert numbers == [
        "TS-20261122-0001",
        "TS-20261122-0002",
        "ZX-20261122-0001",
        "JY-20261122-0001",
        "TS-20261123-0001",
    ]


@pytest.mark.django_db
def test_a_submission_that_fails_after_taking_a_number_leaves_no_gap(monkeypatch):
    department = DepartmentFactory()
    moment = datetime(2026, 11, 22, 3, tzinfo=UTC)
    services.case_submit(submission=_submission(department), now=moment)

    def broken_create(*args, **kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(CaseEvent.objects, "create", broken_create)
        with pytest.raises(RuntimeError):
            services.case_submit(submission=_submission(department), now=moment)

    assert Case.objects.count() == 1
    after = services.case_submit(submission=_submission(department), now=moment)
    assert after.case.number == "TS-20261122-0002"


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_submitting_ten_cases_each_get_200_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrency is proven on PostgreSQL (CI); SQLite serialises writers"
        )
    department = DepartmentFactory()
    moment = datetime(2026, 11, 22, 3, tzinfo=UTC)
    start = threading.Barrier(20)

    def submitter():
        start.wait()
        for _ in range(10):
            services.case_submit(submission=_submission(department), now=moment)

    assert run_in_threads(submitter, 20) == []
    assert _counters("TS-20261122-") == list(range(1, 201))
