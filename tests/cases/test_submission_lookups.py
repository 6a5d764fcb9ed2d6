"""The department and service-type look-ups of a submission are kept per process
(departments/cache.py) and dropped when a department, window or type changes, in
this process at once and in every other one at its next look-up.

transaction=True: in a test's wrapping transaction every change is uncommitted,
and the cache is rightly bypassed there; these tests need it at work."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from departments import cache as lookup_cache
from departments import selectors
from departments.models import Department
from tests.cases.helpers import LOOKUP_URL, SUBMIT_URL, is_chinese, payload
from tests.factories import DepartmentFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_department_is_read_once_then_from_the_cache(django_assert_num_queries):
    department = DepartmentFactory()
    selectors.get_active_department(department_id=department.pk)

    with django_assert_num_queries(0):
        again = selectors.get_active_department(department_id=department.pk)

    assert again == department
    again.name = "改了名字的副本"
    assert selectors.get_active_department(department_id=department.pk).name == (
        department.name
    )


def test_a_deactivated_department_refuses_submissions_at_once(api_client, rates):
    rates(case_submit="1000/hour")
    department = DepartmentFactory()
    assert api_client.post(SUBMIT_URL, payload(department), format="json").status_code
    assert Case.objects.count() == 1

    department.is_active = False
    department.save()  # the admin's form and list switch both save
    response = api_client.post(SUBMIT_URL, payload(department), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["department"]
    assert is_chinese(response.json()["department"][0])
    assert Case.objects.count() == 1


def test_another_process_sees_the_change_at_its_next_look_up(api_client, rates):
    rates(case_submit="1000/hour")
    department = DepartmentFactory()
    assert selectors.get_active_department(department_id=department.pk) is not None
    # Another worker deactivated it: its receiver bumped the shared version, and
    # this process's own tables were never told.
    Department.objects.filter(pk=department.pk).update(is_active=False)
    cache.set(lookup_cache.VERSION_KEY, "bumped-by-another-worker", timeout=None)

    response = api_client.post(SUBMIT_URL, payload(department), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["department"]


def test_a_closed_window_hides_its_service_types():
    service_type = ServiceTypeFactory()
    assert (
        selectors.get_active_service_type(service_type_id=service_type.pk)
        == service_type
    )

    window = service_type.window
    window.is_active = False
    window.save()

    assert selectors.get_active_service_type(service_type_id=service_type.pk) is None


def test_a_change_rolled_back_is_never_kept():
    department = DepartmentFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        department.is_active = False
        department.save()
        # Its own transaction sees the change, read from the database …
        assert selectors.get_active_department(department_id=department.pk) is None
        raise RuntimeError("the admin's save failed later")

    # … and nobody keeps it once it rolled back.
    assert selectors.get_active_department(department_id=department.pk) == department


def test_a_submission_writes_in_its_fixed_statements(api_client, rates):
    """What a submission costs the database once its department is known: the
    three inserts, the roll-ups' day and month locks with a row appended to
    each (one statement on PostgreSQL), the counter, the number, one task row for the staff's
    alert and the commit. Each was once one more (the locks apart, a "seen this
    key?" query, the department, the officers and heads asked separately), and
    the alert was a query for the staff and a message each."""
    rates(case_submit="1000/hour")
    department = DepartmentFactory()
    body = payload(department) | {"sms_consent": False}
    first = api_client.post(
        SUBMIT_URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 9
    )
    assert first.status_code == 201

    with CaptureQueriesContext(connection) as queries:
        response = api_client.post(
            SUBMIT_URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 10
        )

    assert response.status_code == 201, response.content
    statements = [
        query["sql"].split()[0] for query in queries if "SAVEPOINT" not in query["sql"]
    ]
    # The counter: one upsert on PostgreSQL, a read and an update on SQLite
    # (django-sequences), which needs no advisory lock either: it writes one
    # transaction at a time.
    if connection.vendor == "postgresql":
        rollups, counter = ["WITH"], ["INSERT"]  # the locks and both rows at once
    else:
        rollups, counter = ["INSERT", "INSERT"], ["SELECT", "UPDATE"]
    number, staff = ["UPDATE"], ["INSERT"]
    assert statements == [
        "BEGIN",
        *["INSERT"] * 3,  # the case, its key, its first event
        *rollups,
        *counter,
        *number,
        *staff,
        "COMMIT",
    ]


def test_a_look_up_reads_the_case_alone_and_its_department_from_the_cache(
    api_client, rates, django_assert_num_queries
):
    """The code on the bare row, then the case's own row (no join), its public
    events, its photos and its ratings: the department and service type come
    from the process's look-ups."""
    rates(case_submit="1000/hour")
    service_type = ServiceTypeFactory()
    department = service_type.window.department
    body = payload(department) | {"service_type": service_type.pk}
    submitted = api_client.post(SUBMIT_URL, body, format="json").json()
    code = {"number": submitted["number"], "query_code": submitted["query_code"]}
    assert api_client.post(LOOKUP_URL, code, format="json").status_code == 200

    with django_assert_num_queries(5) as queries:
        response = api_client.post(LOOKUP_URL, code, format="json")

    assert response.status_code == 200
    shown = response.json()
    assert shown["department"]["name"] == department.name
    assert shown["service_type"] == {"id": service_type.pk, "name": service_type.name}
    case_reads = [q["sql"] for q in queries if 'FROM "cases_case"' in q["sql"]]
    assert all("JOIN" not in sql for sql in case_reads[1:])
    assert all('"search_document"' not in sql for sql in case_reads)
