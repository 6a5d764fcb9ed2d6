"""The number is taken last (cases/services/submission.py): the counter row is held
for one update and the commit, and what tells the number sees the real one."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import Case, DispatchRule
from notifications.models import Message
from tests.cases.helpers import SUBMIT_URL, payload, photo, run_in_threads, submit_case
from tests.factories import DepartmentFactory

MOMENT = datetime(2026, 11, 22, 3, tzinfo=UTC)


def _first(statements, *fragments):
    return next(
        i
        for i, sql in enumerate(statements)
        if all(fragment in sql for fragment in fragments)
    )


@pytest.mark.django_db
def test_the_counter_is_taken_after_every_insert_of_the_submission(department):
    with CaptureQueriesContext(connection) as queries:
        submitted = submit_case(
            department=department,
            photos=[photo()],
            idempotency_key="h5-order-of-writes",
            sms_consent=True,
            now=MOMENT,
        )

    statements = [
        query["sql"]
        for query in queries.captured_queries
        if "SAVEPOINT" not in query["sql"]
    ]
    counter = _first(statements, '"sequences_sequence"')
    taken = max(i for i, sql in enumerate(statements) if '"sequences_sequence"' in sql)
    inserts = [
        _first(statements, f'INSERT INTO "{table}"')
        for table in (
            "cases_case",
            "cases_submissionkey",
            "cases_caseattachment",
            "cases_caseevent",
        )
    ]
    assert max(inserts) < counter
    # After the counter: the one update of the case, then the outbox and the
    # staff alert's task row only.
    after = statements[taken + 1 :]
    assert after[0].startswith('UPDATE "cases_case" SET "number"')
    assert all(
        ("notifications_" in sql or "django_tasks_database_" in sql)
        or not sql.startswith(("INSERT", "UPDATE", "DELETE"))
        for sql in after[1:]
    )
    stored = Case.objects.get()
    assert stored.number == submitted.case.number == "ZX-20261122-0001"
    assert Case.objects.filter(number__startswith="tmp-").count() == 0
    assert stored.query_code_hash == submitted.case.query_code_hash != ""


@pytest.mark.django_db
@pytest.mark.usefixtures("tasks_at_once")
def test_the_notices_of_a_routed_case_carry_its_real_number(department_a, officer_a):
    officer_a.email = "a@gov.cn"
    officer_a.save()
    DispatchRule.objects.create(
        department=department_a, name="社保", keywords="社保卡", sort_order=1
    )

    case = submit_case(
        department=department_a, sms_consent=True, now=MOMENT, department_id=None
    ).case

    messages = Message.objects.filter(about=f"cases.case:{case.pk}")
    assert sorted(m.event for m in messages) == ["case.registered", "staff.new_case"]
    for message in messages:
        assert message.params["number"] == case.number == "ZX-20261122-0001"
        assert "tmp-" not in message.text


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_through_the_api_all_answer_201_gapless(rates):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrency is proven on PostgreSQL (CI); SQLite serialises writers"
        )
    rates(case_submit="100000/hour")
    department = DepartmentFactory()
    start = threading.Barrier(24, timeout=60)
    answers, lock = [], threading.Lock()

    def citizen():
        client = APIClient()
        start.wait()
        for attempt in range(5):
            response = client.post(
                SUBMIT_URL,
                payload(department, kind="suggestion"),
                format="json",
                HTTP_IDEMPOTENCY_KEY=f"{threading.get_ident()}-{attempt}-key",
            )
            with lock:
                answers.append((response.status_code, response.json().get("number")))

    assert run_in_threads(citizen, 24) == []
    assert [status for status, _ in answers] == [201] * 120
    numbers = sorted(number for _, number in answers)
    stored = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == stored
    day = stored[0].rsplit("-", 1)[0]
    assert numbers == [f"{day}-{n:04d}" for n in range(1, 121)]
