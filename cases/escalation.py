"""The escalation ladder (催办 → 督办 → 通报), run by the periodic job
`escalate_cases` so that nobody has to remember it. (issue 18; owner: callback)

Which cases: those not yet answered (`workflow.BACKLOG`) except 待补充材料, whose
clock is paused. The rungs, each against one deadline ("subject"):

| Subject | Deadline | 催办 | 督办 | 通报 |
| --- | --- | --- | --- | --- |
| 办理 | `due_at` | at most ESCALATION_URGE_HOURS working hours before it (an urgent case: at most half its CASE_URGENT_HOURS) | the first run after it passed | once ESCALATION_REPORT_DAYS whole working days after the deadline's day have passed |
| 签收 | `sign_due_at`, not signed | at most half of SIGN_FOR_HOURS working hours before it | the first run after it passed | — |
| 指派承办人 | the end of the working day after `accepted_at`, no assignee | once it passed | — | — |

"Working hours" are office hours on working days (`kernel.workdays`, holidays
by chinese_calendar), so a deadline after a weekend or the National Day week is
urged on the right working day, not two calendar days before.

Each rung happens once per case, subject and deadline: the `Escalation` row is
inserted first and the step (urge / supervise / report, actor None, so its
event and its notices, `cases.notices`) is taken only if that insert won, in
the same transaction. Two runners at once therefore write each rung once; a new
deadline (an extension, a 重办) starts a new ladder.

Each rung's rule is one indexed query (status + deadline). Candidates are the
cases it matches without the rung already taken, so a run with nothing new
costs one query a rung; under the case's lock the same query is asked of the
one case again, so a case answered, paused or re-dated since it was selected
gets nothing (its row is rolled back).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import workflow
from cases.models import Case, Escalation
from cases.services.transitions import step_take
from kernel import workdays

Status = Case.Status
Rung = Escalation.Rung
Subject = Escalation.Subject

# Not yet answered and its clock running.
ESCALATING: tuple[str, ...] = tuple(s for s in workflow.BACKLOG if s != Status.WAITING)
# Unassigned for longer than this many working days after 受理 gets a 催办.
ASSIGN_WITHIN_DAYS = 1
_STEP_FOR = {Rung.URGE: "urge", Rung.SUPERVISE: "supervise", Rung.REPORT: "report"}


class _Stale(Exception):
    """The case changed between selection and lock: this rung no longer applies."""


@dataclass(frozen=True)
class _Ladder:
    """One rung for one subject: the cases that need it at `now`, each one's
    deadline, and the note of its event."""

    rung: str
    subject: str
    due: Callable[[datetime], QuerySet[Case]]
    deadline: Callable[[Case], datetime | None]
    note: Callable[[datetime], str]
    # The field the deadline is, so that taken rungs are left out in SQL; None:
    # computed (assignment), left out by the time of its urge instead.
    field: str | None

    @property
    def key(self) -> str:
        return f"{self.subject}_{self.rung}"

    def candidates(self, now: datetime) -> QuerySet[Case]:
        taken = Escalation.objects.filter(
            case=OuterRef("pk"), rung=self.rung, subject=self.subject
        )
        if self.field is not None:
            taken = taken.filter(deadline_at=OuterRef(self.field))
        else:
            # The urge of the current acceptance is made after it; one made
            # before belongs to an earlier acceptance (before a transfer).
            taken = taken.filter(created_at__gte=OuterRef("accepted_at"))
        return self.due(now).filter(~Q(Exists(taken)))


def escalation_run(*, now: datetime | None = None) -> dict[str, int]:
    """Take every rung of the ladder that is due at `now` and not yet taken;
    returns how many were taken, keyed "<subject>_<rung>" (e.g. handling_urge).
    Idempotent: a second run at the same moment takes nothing."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for ladder in _ladders():
        counts[ladder.key] = 0
        for case in ladder.candidates(now).order_by("pk"):
            deadline = ladder.deadline(case)
            if deadline is not None and _take(ladder, case, deadline, now):
                counts[ladder.key] += 1
    return counts


def _take(ladder: _Ladder, case: Case, deadline: datetime, now: datetime) -> bool:
    def apply(locked: Case) -> list[str]:
        still = ladder.due(now).filter(pk=locked.pk).exists()
        if not still or ladder.deadline(locked) != deadline:
            raise _Stale
        if ladder.rung == Rung.SUPERVISE:
            # As a supervisor's press does (services.case_supervise).
            locked.is_supervised, locked.supervised_at = True, now
            return ["is_supervised", "supervised_at"]
        return []

    note = ladder.note(deadline)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Escalation.objects.create(
                        case_id=case.pk,
                        rung=ladder.rung,
                        subject=ladder.subject,
                        deadline_at=deadline,
                        created_at=now,
                    )
            except IntegrityError:
                return False  # taken already, by an earlier run or another runner
            step_take(
                step=_STEP_FOR[ladder.rung],
                case=case,
                actor=None,
                inputs={"note": note},
                note=note,
                apply=apply,
                now=now,
            )
    except (_Stale, ValidationError, PermissionDenied):
        return False
    return True


# --- Moments -------------------------------------------------------------------


def _latest_deadline_within(now: datetime, hours: float) -> datetime:
    """The latest deadline with at most `hours` office hours left before it: a
    deadline in the evening or over a weekend has as few hours left as the last
    closing time before it, so the bound runs to the next opening."""
    reached = workdays.add_working_hours(start=now, hours=hours)
    return workdays.add_working_hours(start=reached, hours=0)


def _days_passed_bound(now: datetime, days: int) -> datetime:
    """Deadlines before this moment have had `days` whole working days pass after
    their own day by `now` (add_workdays(deadline, days) is over)."""
    day = timezone.localtime(now, workdays.SHANGHAI).date()
    for _attempt in range(366):
        noon = datetime.combine(day, time(12), tzinfo=workdays.SHANGHAI)
        if workdays.add_workdays(start=noon, days=days) < now:
            return datetime.combine(
                day + timedelta(days=1), time.min, tzinfo=workdays.SHANGHAI
            )
        day -= timedelta(days=1)
    raise AssertionError("no working day in a year")  # pragma: no cover


def _local(moment: datetime) -> str:
    return timezone.localtime(moment, workdays.SHANGHAI).strftime("%Y-%m-%d %H:%M")


# --- The rules -----------------------------------------------------------------


def _open() -> QuerySet[Case]:
    return Case.objects.filter(status__in=ESCALATING)


def _handling_near(now: datetime) -> QuerySet[Case]:
    hours = settings.ESCALATION_URGE_HOURS
    urgent_hours = min(hours, settings.CASE_URGENT_HOURS / 2)
    return _open().filter(
        Q(is_urgent=False, due_at__lte=_latest_deadline_within(now, hours))
        | Q(is_urgent=True, due_at__lte=_latest_deadline_within(now, urgent_hours)),
        due_at__gte=now,
    )


def _handling_passed(now: datetime) -> QuerySet[Case]:
    return _open().filter(due_at__lt=now)


def _handling_long_passed(now: datetime) -> QuerySet[Case]:
    bound = _days_passed_bound(now, settings.ESCALATION_REPORT_DAYS)
    return _open().filter(due_at__lt=min(bound, now))


def _unsigned() -> QuerySet[Case]:
    return Case.objects.filter(
        status=Status.SUBMITTED, signed_at=None, sign_due_at__isnull=False
    )


def _signing_near(now: datetime) -> QuerySet[Case]:
    bound = _latest_deadline_within(now, settings.SIGN_FOR_HOURS / 2)
    return _unsigned().filter(sign_due_at__gte=now, sign_due_at__lte=bound)


def _signing_passed(now: datetime) -> QuerySet[Case]:
    return _unsigned().filter(sign_due_at__lt=now)


def _unassigned(now: datetime) -> QuerySet[Case]:
    return Case.objects.filter(
        status=Status.ACCEPTED,
        assignee=None,
        accepted_at__lt=_days_passed_bound(now, ASSIGN_WITHIN_DAYS),
    )


def _assignment_deadline(case: Case) -> datetime | None:
    if case.accepted_at is None:
        return None
    return workdays.add_workdays(start=case.accepted_at, days=ASSIGN_WITHIN_DAYS)


def _due_at(case: Case) -> datetime:
    return case.due_at


def _sign_due_at(case: Case) -> datetime | None:
    return case.sign_due_at


def _ladders() -> tuple[_Ladder, ...]:
    # In this order: a case first seen long overdue gets 督办 before 通报.
    return (
        _Ladder(
            Rung.URGE,
            Subject.HANDLING,
            _handling_near,
            _due_at,
            lambda deadline: (
                _("系统自动催办：办理时限 %(deadline)s 将至，请抓紧办理。")
                % {"deadline": _local(deadline)}
            ),
            "due_at",
        ),
        _Ladder(
            Rung.SUPERVISE,
            Subject.HANDLING,
            _handling_passed,
            _due_at,
            lambda deadline: (
                _("系统自动督办：已超期（办理时限 %(deadline)s）。")
                % {"deadline": _local(deadline)}
            ),
            "due_at",
        ),
        _Ladder(
            Rung.REPORT,
            Subject.HANDLING,
            _handling_long_passed,
            _due_at,
            lambda deadline: (
                _("系统自动通报：超期已满 %(days)d 个工作日（办理时限 %(deadline)s）。")
                % {
                    "days": settings.ESCALATION_REPORT_DAYS,
                    "deadline": _local(deadline),
                }
            ),
            "due_at",
        ),
        _Ladder(
            Rung.URGE,
            Subject.SIGNING,
            _signing_near,
            _sign_due_at,
            lambda deadline: (
                _("系统自动催办：请在 %(deadline)s 前签收。")
                % {"deadline": _local(deadline)}
            ),
            "sign_due_at",
        ),
        _Ladder(
            Rung.SUPERVISE,
            Subject.SIGNING,
            _signing_passed,
            _sign_due_at,
            lambda deadline: (
                _("系统自动督办：签收超时（签收时限 %(deadline)s）。")
                % {"deadline": _local(deadline)}
            ),
            "sign_due_at",
        ),
        _Ladder(
            Rung.URGE,
            Subject.ASSIGNMENT,
            _unassigned,
            _assignment_deadline,
            lambda deadline: (
                _("系统自动催办：受理已超过 %(days)d 个工作日，尚未指定承办人。")
                % {"days": ASSIGN_WITHIN_DAYS}
            ),
            None,
        ),
    )
