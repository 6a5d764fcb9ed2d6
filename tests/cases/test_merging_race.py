"""Two staff merge two duplicates crosswise at the same moment (A into B, B into A):
the merges queue on the same row, so one wins and the other is refused, and no
cycle of cases following each other is ever stored."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services
from cases.models import Case
from cases.services import merging
from tests.cases.helpers import run_in_threads, submit_case
from tests.factories import DepartmentFactory

Status = Case.Status


@pytest.mark.django_db(transaction=True)
def test_crossing_merges_leave_no_cycle(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: proven on PostgreSQL (CI)")
    department = DepartmentFactory()
    a = submit_case(department=department, title="幸福路路灯不亮").case
    b = submit_case(department=department, title="幸福路路灯坏了").case
    # Both look their main up before either locks anything.
    both_looked = threading.Barrier(2, timeout=30)
    real_lock = merging._lock_in_pk_order

    def lock_after_both_looked(pks):
        both_looked.wait()
        return real_lock(pks)

    monkeypatch.setattr(merging, "_lock_in_pk_order", lock_after_both_looked)
    pairs = iter([(a, b), (b, a)])
    pick = threading.Lock()
    refusals = []

    def merge():
        with pick:
            case, main = next(pairs)
        try:
            services.case_merge(case=case, actor=None, main_number=main.number)
        except ValidationError as error:
            refusals.append(error.message_dict["main_case"][0])

    assert run_in_threads(merge, 2) == []

    assert len(refusals) == 1
    assert refusals[0].startswith("不能并入已并单的诉求")
    rows = {row.pk: row for row in Case.objects.filter(pk__in=[a.pk, b.pk])}
    merged = [row for row in rows.values() if row.status == Status.MERGED]
    assert len(merged) == 1
    [follower] = merged
    main = rows[follower.merged_into_id]
    assert (main.status, main.merged_into_id) == (Status.SUBMITTED, None)
