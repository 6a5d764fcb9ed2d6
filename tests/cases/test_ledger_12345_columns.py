"""The ledgers' 12345 columns: 签收时间, 经办人 (the assignee), 紧急, 重办次数 and
回访结果, in the fast writer and the import-export resource alike, at a query
count that does not grow with the cases."""

from datetime import datetime

import pytest

from cases import ledger
from cases.models import Case, CaseCallback
from cases.resources import ComplaintLedgerResource
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db


def _complaint(department, **fields):
    case = submit_case(department=department, kind=Case.Kind.COMPLAINT).case
    Case.objects.filter(pk=case.pk).update(**fields)
    return case


def _column(row, header):
    return row[ledger.headers("complaint").index(header)]


def test_the_new_columns_read_what_the_case_holds(department_a, officer_a):
    officer_a.first_name, officer_a.last_name = "伟", "张"
    officer_a.save()
    case = _complaint(
        department_a,
        assignee=officer_a,
        signed_at=datetime(2026, 11, 2, 10, 5, tzinfo=SHANGHAI),
        is_urgent=True,
        redo_count=1,
    )
    for round_, result in [(0, "dissatisfied"), (1, "basically")]:
        CaseCallback.objects.create(
            case=case,
            round=round_,
            result=result,
            called_at=datetime(2026, 11, 5 + round_, tzinfo=SHANGHAI),
        )
    plain = _complaint(department_a)

    rows = list(
        ledger.ledger_rows(
            Case.objects.filter(pk__in=[case.pk, plain.pk]),
            kind="complaint",
            contact_departments=None,
        )
    )
    by_number = {row[0]: row for row in rows}
    row = by_number[case.number]
    assert _column(row, "签收时间") == "2026-11-02 10:05"
    assert _column(row, "经办人") == "张伟"
    assert _column(row, "紧急") == "是"
    assert _column(row, "重办次数") == "1"
    assert _column(row, "回访结果") == "基本满意"  # the latest round's
    other = by_number[plain.number]
    assert [
        _column(other, header)
        for header in ["签收时间", "经办人", "紧急", "重办次数", "回访结果"]
    ] == ["", "", "否", "0", ""]


def test_the_resource_writes_the_same_cells(department_a, officer_a):
    case = _complaint(department_a, assignee=officer_a, is_urgent=True)
    CaseCallback.objects.create(
        case=case, round=0, result="satisfied", called_at=datetime.now(SHANGHAI)
    )
    cases = Case.objects.filter(pk=case.pk)

    fast = list(ledger.ledger_rows(cases, kind="complaint", contact_departments=None))
    slow = ComplaintLedgerResource().export(queryset=cases)

    assert [list(row) for row in slow] == fast
    assert _column(fast[0], "回访结果") == "满意"


@pytest.mark.parametrize("count", [2, 20])
def test_the_export_keeps_its_query_count(
    department_a, officer_a, count, django_assert_max_num_queries
):
    for index in range(count):
        case = _complaint(department_a, assignee=officer_a, redo_count=index % 3)
        CaseCallback.objects.create(
            case=case, round=0, result="satisfied", called_at=datetime.now(SHANGHAI)
        )

    with django_assert_max_num_queries(3):  # cases, routing events, ratings
        rows = list(
            ledger.ledger_rows(
                Case.objects.all(), kind="complaint", contact_departments=None
            )
        )
    assert len(rows) == count
    assert {_column(row, "回访结果") for row in rows} == {"满意"}
