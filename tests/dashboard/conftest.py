"""A small city whose figures are worked out by hand in the docstring of `city`.

Cases go through the real services with fixed timestamps, so numbers, due dates
and timelines are real; "now" is frozen at Friday 2026-11-20 10:00 in Shanghai.
"""

from datetime import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case
from kernel.workdays import SHANGHAI
from tests.factories import ServiceTypeFactory

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)


def at(month, day, hour=9, year=2026):
    return datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


def make_case(department, kind, submitted, *steps, service_type=None):
    """Submit a case at `submitted`, then move it through (status, moment) steps."""
    fields = {
        "kind": kind,
        "title": "小区门口车辆乱停",
        "content": "小区门口每天早上都有车辆乱停，影响通行。",
        "department_id": department.id,
        "service_type_id": service_type.id if service_type else None,
        "channel": Case.Channel.H5,
        "contact_name": "王小明",
        "contact_phone": "13812345678",
    }
    if kind == Case.Kind.COMPLAINT:
        fields["complainee"] = "某物业公司"
    case = services.case_submit(
        submission=services.CaseSubmission(**fields), now=submitted
    ).case
    for status, moment in steps:
        case = services.case_transition(
            case=case,
            to_status=status,
            reply="已答复。" if status == Case.Status.REPLIED else "",
            reason="不属于受理范围。" if status == Case.Status.REJECTED else "",
            now=moment,
        )
    return case


@pytest.fixture
def freeze(monkeypatch):
    """Freeze `timezone.now()` at NOW (or the moment given)."""

    def freeze_at(moment=NOW):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze_at


@pytest.fixture
def noise(department_a):
    return ServiceTypeFactory(name="噪音扰民", window__department=department_a)


@pytest.fixture
def city(department_a, department_b, noise, freeze):
    """Nine cases this year and one last year, with the figures they make on
    2026-11-20 10:00 (Friday), the range being 2026-01-01..2026-11-20:

    A a1 consultation 09-30 → replied 10-09 (2 wd: 10-01..07 are National Day),
         closed 10-12 (4 wd: 10-08, 10-09, 10-10 a make-up Saturday, 10-12); due
         10-10 → on time
      a2 complaint 11-02 [噪音扰民] → replied 11-12 (8 wd); due 11-09 → late
      a3 complaint 11-17 accepted; due 11-24 (open)
      a4 suggestion 11-20 08:00 submitted (received today)
      a5 consultation 11-16 submitted; due 11-19 → overdue
      a6 consultation 11-17 accepted; due 11-20 23:59 → due within 24 h
      a7 complaint 10-20 [噪音扰民] → rejected 10-21 (1 wd), on time
    B b1 suggestion 11-19 submitted
      b2 consultation 11-03 → replied 11-04 (1 wd) → closed 11-05 (2 wd), on time
      b3 complaint 2025-12-15 → replied 2025-12-16 (last year: only the monthly
         chart counts it)

    City: received 9, answered 4 (a1 a2 a7 b2), on time 3, unanswered past due 1
    (a5; a3, a4, a6, b1 are open but not yet due) → 按时答复率 3 ÷ (4 + 1) = 60.0%;
    closed 2 (a1 b2) → 办结率 2 ÷ 9 = 22.2%; first reply 1, 1, 2, 8 → average
    3.0, p90 8; close 4, 2 → average 3.0, p90 4.
    A: received 7, answered 3, on time 2, past due 1 → 2 ÷ 4 = 50.0%; closed 1 →
       1 ÷ 7 = 14.3%; reply 2, 8, 1 → 3.7.
    B: received 2, answered 1, on time 1, past due 0 → 100%; closed 1 → 50.0%;
       reply 1.0.
    """
    R, C, J = Case.Status.REPLIED, Case.Status.CLOSED, Case.Status.REJECTED
    A = Case.Status.ACCEPTED
    K = Case.Kind
    a, b = department_a, department_b
    cases = {
        "a1": make_case(a, K.CONSULTATION, at(9, 30), (A, at(9, 30, 10)),
                        (R, at(10, 9, 15)), (C, at(10, 12, 10))),
        "a2": make_case(a, K.COMPLAINT, at(11, 2, 10), (A, at(11, 3)),
                        (R, at(11, 12)), service_type=noise),
        "a3": make_case(a, K.COMPLAINT, at(11, 17), (A, at(11, 17, 11))),
        "a4": make_case(a, K.SUGGESTION, at(11, 20, 8)),
        "a5": make_case(a, K.CONSULTATION, at(11, 16)),
        "a6": make_case(a, K.CONSULTATION, at(11, 17, 11), (A, at(11, 18))),
        "a7": make_case(a, K.COMPLAINT, at(10, 20), (J, at(10, 21)),
                        service_type=noise),
        "b1": make_case(b, K.SUGGESTION, at(11, 19)),
        "b2": make_case(b, K.CONSULTATION, at(11, 3), (A, at(11, 3, 10)),
                        (R, at(11, 4)), (C, at(11, 5))),
        "b3": make_case(b, K.COMPLAINT, at(12, 15, year=2025), (A, at(12, 15, 10, 2025)),
                        (R, at(12, 16, year=2025))),
    }  # fmt: skip
    freeze()
    return cases


@pytest.fixture
def ratings(city):
    """a1 非常满意, a2 不满意 on 11-13 (its rectification missed the 回访 due the
    next working day, 11-16: open and overdue), b2 满意; impressions of A: 4 and 2.

    Satisfaction: A 1 of 2 (50.0%), B 1 of 1 (100.0%), city 2 of 3 (66.7%).
    Impressions: A average 3.0, B none.
    """
    feedback = pytest.importorskip("feedback.services")
    feedback.evaluation_submit(case=city["a1"], level=5, now=at(10, 13))
    feedback.evaluation_submit(case=city["a2"], level=2, now=at(11, 13))
    feedback.evaluation_submit(case=city["b2"], level=4, now=at(11, 6))
    department = city["a1"].department
    for score, device in [(4, "device-1"), (2, "device-2")]:
        feedback.impression_submit(
            department=department, score=score, device_hash=device, now=at(11, 10)
        )
    return city
