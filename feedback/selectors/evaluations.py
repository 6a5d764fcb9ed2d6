"""Reads of 好差评: satisfaction rates, ratings for the look-up and the ledgers,
the invite list, and rectification deadlines."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import selectors as case_selectors
from cases.models import Case
from feedback.models import CaseEvaluation, Rectification
from feedback.models.evaluations import SATISFIED_LEVELS
from feedback.rating_sources import rating_sources
from feedback.selectors.periods import created_between


def satisfaction_rates_raw(
    *,
    department_ids: Iterable[int] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[int, dict]:
    """`satisfaction_rates` counted from the ratings themselves, for any bounds
    (the roll-ups answer whole days): what the roll-ups must agree with."""
    evaluations = CaseEvaluation.objects.filter(
        is_void=False, **created_between(start, end)
    )
    rates = {}
    if department_ids is not None:
        ids = sorted(set(department_ids))
        rates = {pk: satisfaction_entry(rated=0, satisfied=0) for pk in ids}
        if not ids:
            return rates
        evaluations = evaluations.filter(department_id__in=ids)
    sums: dict[int, list[int]] = {}
    parts = [evaluations, *rating_sources()]
    for index, part in enumerate(parts):
        if index:  # another app's ratings: the same bounds and departments
            part = part.filter(**created_between(start, end))
            if department_ids is not None:
                part = part.filter(department_id__in=ids)
        rows = (
            part.values("department_id")
            .annotate(
                rated=Count("id"),
                satisfied=Count("id", filter=Q(level__in=SATISFIED_LEVELS)),
            )
            .order_by()
        )
        for row in rows:
            total = sums.setdefault(row["department_id"], [0, 0])
            total[0] += row["rated"]
            total[1] += row["satisfied"]
    for department_id, (rated, satisfied) in sums.items():
        rates[department_id] = satisfaction_entry(rated=rated, satisfied=satisfied)
    return rates


def satisfaction_entry(*, rated: int, satisfied: int) -> dict:
    """One department's {"rated", "satisfied", "rate"}: the share to four
    decimals, None without ratings."""
    rate = round(satisfied / rated, 4) if rated else None
    return {"rated": rated, "satisfied": satisfied, "rate": rate}


def _level_label(level: int) -> str:
    return str(CaseEvaluation.Level(level).label)


def case_satisfaction_labels(*, cases: QuerySet[Case]) -> dict[int, str]:
    """Case id -> rating label (满意, 不满意, ...) for the cases rated among `cases`,
    in one query; a voided rating is marked as such. A case rated again after a
    重新办理 shows the rating of its latest rated answer."""
    rows = (
        CaseEvaluation.objects.filter(case__in=cases.order_by().values("pk"))
        .order_by("case_id", "reply_round")
        .values_list("case_id", "level", "is_void")
    )
    return {
        case_id: _("%(level)s（申诉作废）") % {"level": _level_label(level)}
        if is_void
        else _level_label(level)
        for case_id, level, is_void in rows
    }


def case_evaluations_by_round(*, case_id: int) -> dict[int, dict]:
    """The citizen's ratings of a case as the look-up shows them, keyed by the
    answer's round (1, 2, ... : one rating per answer), in one query."""
    return {
        evaluation.reply_round: {
            "reply_round": evaluation.reply_round,
            "level": evaluation.level,
            "label": _level_label(evaluation.level),
            "comment": evaluation.comment,
            "created_at": evaluation.created_at,
        }
        for evaluation in CaseEvaluation.objects.filter(case_id=case_id)
    }


def unrated_answered_cases(
    *,
    days: int | None = None,
    now: datetime | None = None,
    cases: QuerySet[Case] | None = None,
) -> QuerySet[Case]:
    """Cases answered more than `days` (FEEDBACK_INVITE_AFTER_DAYS) days ago whose
    current answer is still unrated, longest waiting first: staff invite these
    citizens to rate. A case rated, reopened and answered again is listed again."""
    days = settings.FEEDBACK_INVITE_AFTER_DAYS if days is None else days
    now = now or timezone.now()
    return (
        case_selectors.answered_cases_with_round(
            replied_before=now - timedelta(days=days), cases=cases
        )
        .filter(
            ~Exists(
                CaseEvaluation.objects.filter(
                    case=OuterRef("pk"), reply_round=OuterRef("current_round")
                )
            )
        )
        .select_related("department")
        .order_by("replied_at", "id")
    )


def rectification_state(*, rectification: Rectification, now: datetime) -> str:
    """'contact_overdue' (no 回访 by its deadline), 'overdue' (not finished by its
    deadline), or '' for an open rectification on time or a finished one."""
    if not rectification.is_open:
        return ""
    if rectification.due_at < now:
        return "overdue"
    if rectification.contacted_at is None and rectification.contact_due_at < now:
        return "contact_overdue"
    return ""


def overdue_q(now: datetime) -> Q:
    """Open rectifications past either deadline, as a filter."""
    return Q(completed_at__isnull=True) & (
        Q(due_at__lt=now) | Q(contacted_at__isnull=True, contact_due_at__lt=now)
    )


def overdue_rectifications(*, now: datetime | None = None) -> QuerySet[Rectification]:
    """Open rectifications past the 回访 or the 整改 deadline, for supervisors."""
    now = now or timezone.now()
    return (
        Rectification.objects.filter(overdue_q(now))
        .select_related("department", "evaluation__case")
        .order_by("due_at", "id")
    )


def rectification_counts(
    *, department_ids: Iterable[int] | None = None, now: datetime | None = None
) -> dict[int, dict]:
    """Per department: rectifications still open, and how many of them are past a
    deadline (as overdue_rectifications), in one query. Departments without an
    open rectification are left out."""
    now = now or timezone.now()
    rows = Rectification.objects.filter(completed_at__isnull=True)
    if department_ids is not None:
        rows = rows.filter(department_id__in=list(department_ids))
    counted = (
        rows.values("department_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue_q(now)))
        .order_by()
    )
    return {
        row["department_id"]: {"open": row["open"], "overdue": row["overdue"]}
        for row in counted
    }


def rectifications_awaiting_contact(
    *, department_ids: Iterable[int] | None = None
) -> QuerySet[Rectification]:
    """Open rectifications whose 回访 is not yet recorded (the callback is due),
    soonest deadline first; with `department_ids`, only those departments'.
    The staff's 待办 and the daily digest."""
    rows = Rectification.objects.filter(
        completed_at__isnull=True, contacted_at__isnull=True
    )
    if department_ids is not None:
        rows = rows.filter(department_id__in=list(department_ids))
    return rows.select_related("evaluation__case").order_by("contact_due_at", "id")
