"""A client times out and retries with the same Idempotency-Key while its first
request is still running: both reach the insert, and the citizen gets one case."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection

from cases import services
from cases.models import Case, CaseAttachment, SubmissionKey
from tests.cases.helpers import jpeg_bytes, media_files, photo, run_in_threads
from tests.factories import DepartmentFactory

KEY = "h5-timeout-then-retry"


@pytest.mark.django_db(transaction=True)
def test_a_timed_out_request_and_its_retry_make_one_case(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: proven on PostgreSQL (CI)")
    department = DepartmentFactory()
    moment = datetime(2026, 11, 22, 3, tzinfo=UTC)
    submission = services.CaseSubmission(
        kind="consultation",
        title="公积金提取咨询",
        content="请问租房提取公积金需要哪些材料？",
        department_id=department.id,
        contact_name="陈先生",
        contact_phone="13812345678",
        channel="h5",
    )
    # Both attempts reach the key's insert before either has committed: the retry
    # arrives while the first request is still working. The second insert waits
    # on the first attempt's uncommitted key and fails once it commits.
    both_inserting = threading.Barrier(2, timeout=30)
    real_create = SubmissionKey.objects.create

    def create_after_both_arrived(**fields):
        both_inserting.wait()
        return real_create(**fields)

    monkeypatch.setattr(SubmissionKey.objects, "create", create_after_both_arrived)
    results = []

    def attempt():
        submitted = services.case_submit(
            submission=submission,
            photos=[photo(jpeg_bytes(), name="street.jpg")],
            idempotency_key=KEY,
            now=moment,
        )
        results.append((submitted.case.number, submitted.query_code))

    assert run_in_threads(attempt, 2) == []
    assert len(results) == 2
    assert results[0] == results[1]  # same number, same query code
    assert list(Case.objects.values_list("number", flat=True)) == [results[0][0]]
    assert results[0][0] == "ZX-20261122-0001"  # the loser's number was released
    assert SubmissionKey.objects.count() == 1
    # The loser's photo files were removed: only the winner's photo and thumbnail.
    attachment = CaseAttachment.objects.get()
    assert media_files() == sorted([attachment.image.name, attachment.thumbnail.name])
