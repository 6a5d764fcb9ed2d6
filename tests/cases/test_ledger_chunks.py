"""A big ledger is read chunk by chunk: the same rows as in one piece, each case
with its own events and rating, at a query count that grows with the chunks
(1 for the cases, 1 for their events, 1 per chunk for the ratings), never with
the rows."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from cases import ledger, services
from cases.models import Case
from feedback.models import CaseEvaluation
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db

SAME_INSTANT = datetime(2026, 11, 20, 2, tzinfo=UTC)


def _column(row, header):
    return row[ledger.headers("complaint").index(header)]


@pytest.fixture
def five_cases(department_a, department_b, officer_a, supervisor):
    """Five complaints of the same instant (every chunk's span of 提交时间 takes
    them all), all accepted; every other one then transferred and rated."""
    cases = [
        submit_case(
            department=department_a,
            kind=Case.Kind.COMPLAINT,
            title=f"诉求{index}",
            now=SAME_INSTANT,
        ).case
        for index in range(5)
    ]
    for index, case in enumerate(cases):
        services.case_transition(case=case, to_status="accepted", actor=officer_a)
        if index % 2:
            continue
        services.case_transfer(
            case=case,
            to_department_id=department_b.pk,
            actor=supervisor,
            reason=f"转给乙{index}",
        )
        CaseEvaluation.objects.create(
            case=case,
            department=department_a,
            level=5 - index,
            created_at=timezone.now(),
        )
    return cases


def test_chunks_give_each_case_its_own_events_and_rating(five_cases):
    rows = list(
        ledger.ledger_rows(
            Case.objects.all(), kind="complaint", contact_departments=None, chunk_size=2
        )
    )

    assert [_column(row, "标题") for row in rows] == [f"诉求{i}" for i in range(5)]
    routing = [_column(row, "转办/退回记录") for row in rows]
    assert [f"转给乙{i}" in text for i, text in enumerate(routing)] == [
        True, False, True, False, True,
    ]  # fmt: skip
    assert all(text.count("转办") <= 1 for text in routing)
    # A transfer leaves the case with nobody until the new department accepts.
    assert [_column(row, "经办人") for row in rows] == [
        "", "officer_a", "", "officer_a", "",
    ]  # fmt: skip
    assert [_column(row, "满意度") for row in rows] == [
        "非常满意", "", "基本满意", "", "非常不满意",
    ]  # fmt: skip


def test_chunked_rows_are_the_rows_read_in_one_piece(five_cases):
    cases = Case.objects.all()

    def rows(size):
        return list(
            ledger.ledger_rows(
                cases, kind="complaint", contact_departments=None, chunk_size=size
            )
        )

    assert rows(2) == rows(1) == rows(100)


def test_the_queries_grow_with_the_chunks_not_the_rows(
    five_cases, django_assert_num_queries
):
    cases = Case.objects.all()

    # The cases, their events, and the ratings of each of the 3 chunks.
    with django_assert_num_queries(5):
        rows = list(
            ledger.ledger_rows(
                cases, kind="complaint", contact_departments=None, chunk_size=2
            )
        )
    with django_assert_num_queries(3):
        list(ledger.ledger_rows(cases, kind="complaint", contact_departments=None))

    assert len(rows) == 5


def test_an_empty_selection_takes_one_query(department_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(
            ledger.ledger_rows(
                Case.objects.none() | Case.objects.filter(pk=-1),
                kind="complaint",
                contact_departments=None,
            )
        )

    assert rows == []
