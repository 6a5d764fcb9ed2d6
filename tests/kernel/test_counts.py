"""`kernel.counts.count_at_most`: how many rows, reading no more than the limit."""

import pytest
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

from departments.models import ServiceType
from kernel.counts import AtLeast, count_at_most
from tests.factories import ServiceTypeFactory, ServiceWindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_types():
    window = ServiceWindowFactory()
    return ServiceTypeFactory.create_batch(6, window=window)


def _sql(fn) -> str:
    with CaptureQueriesContext(connection) as queries:
        fn()
    (query,) = queries.captured_queries
    return query["sql"]


def test_it_stops_at_the_limit_and_is_exact_below_it(service_types):
    rows = ServiceType.objects.all()
    assert count_at_most(rows, 4) == 4
    assert count_at_most(rows, 100) == 6
    assert count_at_most(list(rows), 4) == 4


def test_the_count_reads_the_key_only_not_an_ordering_annotation(service_types):
    ranked = ServiceType.objects.annotate(rank=Length("name")).order_by("-rank")

    sql = _sql(lambda: count_at_most(ranked, 5))

    assert "LENGTH" not in sql.upper()
    assert "ORDER BY" not in sql.upper()
    assert "LIMIT 5" in sql


def test_a_distinct_join_counts_each_row_once(service_types):
    # A second window in the department: the join repeats every type.
    ServiceWindowFactory(department=service_types[0].window.department)
    joined = ServiceType.objects.filter(window__department__windows__isnull=False)
    assert joined.count() == 12

    assert count_at_most(joined.distinct(), 100) == 6
    assert count_at_most(joined.distinct(), 4) == 4


def test_a_capped_count_prints_as_at_least():
    count = AtLeast(1000)
    assert count == 1001 and count > 1000
    assert str(count) == f"{count}" == "1,000+"
