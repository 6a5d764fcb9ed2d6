"""回访, 重办 and the rungs of the escalation ladder staff may also take by hand
(催办, 通报). (issue 18; owner: callback)

- 回访: one callback per answer. A case's answers are counted by `redo_count`
  (0 for the first answer, 1 after the first 重办, ...), and a callback carries
  the round it was made in; the table's guard refuses a second callback of the
  same round. 不满意 reopens the case as 重办 in the callback's transaction.
- 重办 clears what says the case is finished (`closed_at`, `callback_due_at`)
  and gives it a fresh due date, like 重新办理. `replied_at` and `reply` keep the
  last answer until the next reply replaces them: the status (已受理) is what the
  figures read, so a redone case counts as open, and late once past its new due
  date; the look-up marks the earlier answer superseded and the citizen may rate
  the next one (feedback rates per reply round).
- 催办 and 通报 by hand record their rung (`Escalation`) against the case's
  current due date, so the automatic ladder (`cases.escalation`) does not
  repeat a rung a supervisor already took.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import rollups
from cases.models import Case, CaseCallback, Escalation
from cases.services.dispatch import urgent_due_at
from cases.services.submission import reply_days_for
from cases.services.transitions import step_take
from kernel import workdays

Result = CaseCallback.Result


def case_callback(
    *, case: Case, actor, result: str, note: str = "", now: datetime | None = None
) -> CaseCallback:
    """Record the callback (回访) of a closed case's current answer; returns the
    CaseCallback. 不满意 reopens the case as 重办 in the same transaction, with a
    fresh due date. A second callback of the same answer, a result that is not
    one of the three, or a case not 已办结 is refused (ValidationError)."""
    now = now or timezone.now()
    created: list[CaseCallback] = []

    def apply(locked: Case) -> list[str]:
        created.append(
            CaseCallback.objects.create(
                case=locked,
                round=locked.redo_count,
                result=result,
                note=note.strip(),
                called_by=actor,
                called_at=now,
            )
        )
        return []

    label = Result(result).label if result in Result.values else ""
    event_note = (
        _("回访结果：%(result)s。%(note)s") % {"result": label, "note": note.strip()}
        if note.strip()
        else _("回访结果：%(result)s") % {"result": label}
    )
    with transaction.atomic():
        event = step_take(
            step="callback",
            case=case,
            actor=actor,
            inputs={"result": result, "note": note},
            note=event_note,
            apply=apply,
            now=now,
        )
        if result == Result.DISSATISFIED:
            case_redo(case=event.case, actor=actor, note=_("回访不满意，重办"), now=now)
        else:
            # The step saved nothing of the case, but its callback counts (重办
            # above recomputes the bucket itself).
            rollups.case_changed(case=event.case)
    return created[0]


def case_redo(*, case: Case, actor, note: str, now: datetime | None = None) -> Case:
    """重办: a closed case is handled again (after a 不满意 callback, or by a
    handler or supervisor directly) with a fresh due date; returns the case."""
    now = now or timezone.now()

    def apply(locked: Case) -> list[str]:
        locked.redo_count += 1
        locked.closed_at = None
        locked.callback_due_at = None
        locked.due_at = workdays.add_workdays(
            start=now,
            days=reply_days_for(kind=locked.kind, service_type=locked.service_type),
        )
        if locked.is_urgent:
            locked.due_at = urgent_due_at(locked, now=now)
        return ["redo_count", "closed_at", "callback_due_at", "due_at"]

    return step_take(
        step="redo",
        case=case,
        actor=actor,
        inputs={"note": note},
        note=note.strip(),
        apply=apply,
        now=now,
    ).case


def case_urge(*, case: Case, actor, note: str, now: datetime | None = None) -> Case:
    """催办 by hand: a supervisor presses an unanswered case; returns the case."""
    return _rung_by_hand(
        step="urge",
        rung=Escalation.Rung.URGE,
        case=case,
        actor=actor,
        note=note,
        now=now,
    )


def case_report(*, case: Case, actor, note: str, now: datetime | None = None) -> Case:
    """通报 by hand: a supervisor reports an unanswered case (listed in the 通报
    list and the monthly report); returns the case."""
    return _rung_by_hand(
        step="report",
        rung=Escalation.Rung.REPORT,
        case=case,
        actor=actor,
        note=note,
        now=now,
    )


def _rung_by_hand(
    *, step: str, rung: str, case: Case, actor, note: str, now: datetime | None
) -> Case:
    now = now or timezone.now()

    def apply(locked: Case) -> list[str]:
        # Against the handling deadline the ladder would use; a rung already
        # taken for it (by the ladder or by hand) is not recorded twice, but
        # the supervisor's own press still writes its event.
        try:
            with transaction.atomic():
                Escalation.objects.create(
                    case=locked,
                    rung=rung,
                    subject=Escalation.Subject.HANDLING,
                    deadline_at=locked.due_at,
                    created_at=now,
                )
        except IntegrityError:
            pass
        return []

    return step_take(
        step=step,
        case=case,
        actor=actor,
        inputs={"note": note},
        note=note.strip(),
        apply=apply,
        now=now,
    ).case
