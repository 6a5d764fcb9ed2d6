"""A small city for the 12345 office's figures, every number counted by hand.

States are written directly (`Case.objects.filter().update()`, event, callback,
co-handling and escalation rows), so the figures are tested apart from the
services that will produce them. "Now" is Friday 2026-11-20 10:00 (Shanghai);
the period is November 2026. Department A received six cases in November:

| case | sign_due_at / signed_at    | status (redo) | answered  | callbacks        |
| ---- | -------------------------- | ------------- | --------- | ---------------- |
| c1   | 11-02 13:00 / 11-02 10:00  | 已办结         | 11-04     | 满意              |
| c2   | 11-03 13:00 / 11-03 15:00  | 已受理 (1)     | —         | 不满意 (round 0)  |
| c3   | 11-04 13:00 / —            | 已办结         | 11-05     | —                |
| c4   | 11-20 23:00 / —            | 已受理         | —         | —                |
| c5   | —                          | 已答复         | 11-13     | —                |
| c6   | —                          | 已办结         | 11-06     | 基本满意          |

- 签收及时率: c1 on time; c2 late; c3 unsigned past due (late); c4 not due yet:
  1 ÷ 3.
- 重办率 1 (c2) ÷ 4 closed at least once (c1, c2, c3, c6); 回访率 3 ÷ 4;
  回访满意率 (满意 + 基本满意) 2 ÷ 3 callbacks.
- 退单: c4 sent back on 11-10 (still A's); c7 sent back on 11-11 and dispatched
  from A to B on 11-12 (so it is B's now, but the 退单 is A's): 2 ÷ 6 received.
  c0 arrived in October and was sent back then: October's.
- 平均办理用时: c1 11-02 → 11-04 = 2; c3 11-04 → 11-05 = 1; c6 11-05 → 11-06
  = 1; c5 11-09 → 11-13 = 4 working days, minus its pause 11-10 → 11-12 (2):
  2. Σ = 6 over 4 answered = 1.5.
- 催办/督办/通报: c4 urged 11-10, supervised 11-11, reported 11-12; c3 urged
  11-13; c3 urged again on 12-01 (December, not counted): 2 / 1 / 1.
- 按时答复率 (due dates set by hand): c1, c3, c6 answered by their due date, c5
  a day late, c4 unanswered past its due date 11-18: 3 ÷ (4 + 1); B's c7 is
  not due yet, so B has no 按时答复率.
- 协办 asked of B: c1 (due 11-06, answered 11-05: on time), c3 (due 11-07, not
  answered: late), c4 (due 11-25: not judged yet): 1 ÷ (1 + 1); B received c7.
"""

from datetime import datetime

from cases.models import Case, CaseCallback, CaseEvent, CoHandling, Escalation
from cases.rollups import rollups_rebuild
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
START = datetime(2026, 11, 1, tzinfo=SHANGHAI)
END = datetime(2026, 12, 1, tzinfo=SHANGHAI)
Status = Case.Status
Action = CaseEvent.Action


def at(month, day, hour=9, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def _case(department, submitted, **fields):
    case = submit_case(department=department, now=submitted).case
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def _event(case, action, moment, **fields):
    return CaseEvent.objects.create(
        case=case,
        action=action,
        created_at=moment,
        from_status=fields.pop("from_status", Status.ACCEPTED),
        to_status=fields.pop("to_status", Status.ACCEPTED),
        **fields,
    )


def build_office_city(department_a, department_b) -> dict[str, Case]:
    a, b = department_a, department_b
    c1 = _case(
        a,
        at(11, 2),
        sign_due_at=at(11, 2, 13),
        signed_at=at(11, 2, 10),
        status=Status.CLOSED,
        replied_at=at(11, 4),
        closed_at=at(11, 5),
        due_at=at(11, 9),
    )
    c2 = _case(
        a,
        at(11, 3),
        sign_due_at=at(11, 3, 13),
        signed_at=at(11, 3, 15),
        status=Status.ACCEPTED,
        redo_count=1,
        due_at=at(11, 30),
    )
    c3 = _case(
        a,
        at(11, 4),
        sign_due_at=at(11, 4, 13),
        status=Status.CLOSED,
        replied_at=at(11, 5),
        closed_at=at(11, 6),
        due_at=at(11, 10),
    )
    c4 = _case(
        a,
        at(11, 19),
        sign_due_at=at(11, 20, 23),
        status=Status.ACCEPTED,
        due_at=at(11, 18),
    )
    c5 = _case(
        a,
        at(11, 9),
        status=Status.REPLIED,
        replied_at=at(11, 13),
        due_at=at(11, 12),
        paused_seconds=172800,
    )
    c6 = _case(
        a,
        at(11, 5),
        status=Status.CLOSED,
        replied_at=at(11, 6),
        closed_at=at(11, 9),
        due_at=at(11, 10),
    )
    c7 = _case(b, at(11, 10), status=Status.ACCEPTED, due_at=at(11, 30))
    # 回访
    for case, result, moment in [
        (c1, CaseCallback.Result.SATISFIED, at(11, 6)),
        (c2, CaseCallback.Result.DISSATISFIED, at(11, 7)),
        (c6, CaseCallback.Result.BASICALLY, at(11, 10)),
    ]:
        CaseCallback.objects.create(case=case, round=0, result=result, called_at=moment)
    # 退单
    _event(c4, Action.SEND_BACK, at(11, 10), to_status=Status.RETURNED)
    _event(c7, Action.SEND_BACK, at(11, 11), to_status=Status.RETURNED)
    _event(
        c7,
        Action.DISPATCH,
        at(11, 12),
        from_status=Status.RETURNED,
        from_department=a,
        to_department=b,
    )
    c0 = _case(a, at(10, 28), status=Status.RETURNED, due_at=at(12, 30))
    _event(c0, Action.SEND_BACK, at(10, 30), to_status=Status.RETURNED)
    # 挂起 (c5)
    _event(c5, Action.INFO_REQUEST, at(11, 10), to_status=Status.WAITING)
    _event(c5, Action.RESUME, at(11, 12), from_status=Status.WAITING)
    # 催办/督办/通报
    Rung, Subject = Escalation.Rung, Escalation.Subject
    for case, rung, moment in [
        (c4, Rung.URGE, at(11, 10)),
        (c4, Rung.SUPERVISE, at(11, 11)),
        (c4, Rung.REPORT, at(11, 12)),
        (c3, Rung.URGE, at(11, 13)),
        (c3, Rung.URGE, at(12, 1, 10)),
    ]:
        Escalation.objects.create(
            case=case,
            rung=rung,
            subject=Subject.HANDLING,
            deadline_at=moment,
            created_at=moment,
        )
    # 协办 asked of B
    for case, invited, due, answered in [
        (c1, at(11, 3), at(11, 6), at(11, 5)),
        (c3, at(11, 4), at(11, 7), None),
        (c4, at(11, 19), at(11, 25), None),
    ]:
        CoHandling.objects.create(
            case=case,
            department=b,
            invited_at=invited,
            due_at=due,
            answered_at=answered,
            opinion="已核实。" if answered else "",
        )
    # The states above bypass the services that keep the roll-ups in step.
    rollups_rebuild()
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6, "c7": c7}
