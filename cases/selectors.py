"""Reads of cases for citizens: the private look-up and the public letters list."""

from datetime import datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext

from cases import codes
from cases import search as case_search
from cases.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CoHandling,
    ExtensionRequest,
)
from cases.workflow import ANSWERED_FOR_RATING, OPEN
from departments import selectors as department_selectors
from kernel import workdays

# Compared against when a number does not exist, so that an unknown number costs
# the same work as a wrong code and the two cannot be told apart.
_DUMMY_HASH = "0" * 64
# The events that give a case an answer: its own reply, or its main case's reply
# passed on to it (并单, 随主件答复), which the citizen rates alike.
ANSWER_ACTIONS = (CaseEvent.Action.REPLY, CaseEvent.Action.MERGED_REPLY)


def case_lookup(*, number: str, query_code: str) -> Case | None:
    """The case if the number exists and the code is right, else None (either way).

    The code is checked first on the bare row (one query on the number, reading
    only the hash), against a dummy hash when the number is unknown: an unknown
    number and a wrong code do the same work and take the same time, so timing
    does not reveal which numbers exist. Only on a match is what the progress
    page shows loaded: department, service type, public timeline and photos, in
    three more queries.
    """
    number = number.strip().upper()
    row = (
        Case.objects.filter(number=number)
        .values("pk", "query_code_hash", "parent__number")
        .first()
    )
    code_hash = row["query_code_hash"] if row else _DUMMY_HASH
    # A child of a split (拆分) carries its parent's code, salted with the
    # parent's number (cases/services/merging_split.py), until the citizen has a
    # code of its own issued: both are tried, for every number alike.
    salts = (number, (row and row["parent__number"]) or number)
    matched = [
        codes.query_code_matches(number=salt, code=query_code, code_hash=code_hash)
        for salt in salts
    ]
    matched = any(matched)
    if not (row and matched):
        return None
    # The case's own row alone, its department and service type from the
    # process's look-ups, its parent's number from the row above: each join
    # cost about a millisecond of the look-up at 1,000,000 cases
    # (bench/read_paths.py); the search columns are not read at all.
    case = (
        Case.objects.defer("search_document", "search_vector")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.filter(is_public=True)),
            "attachments",
        )
        .get(pk=row["pk"])
    )
    case.parent_number = row["parent__number"]
    case.department = department_selectors.get_department(
        department_id=case.department_id
    )
    if case.service_type_id is not None:
        case.service_type = department_selectors.get_service_type(
            service_type_id=case.service_type_id
        )
    return case


def case_relations(*, case: Case) -> dict:
    """What the look-up says of 并单 and 拆分: `merged_into` (the main case's
    number, or None), `split_from` (the parent's number, or None), `split_into`
    (the children: number, status, status_label; one query, only for a split
    case) and `note`, one sentence saying it, or "". On a case from
    `case_lookup` the numbers cost no query."""
    main = _related_number(case, "merged_into")
    parent = _related_number(case, "parent")
    children = []
    if case.status == Case.Status.SPLIT:
        children = [
            {
                "number": child.number,
                "status": child.status,
                "status_label": child.get_status_display(),
            }
            for child in case.children.order_by("pk").only("number", "status")
        ]
    if main is not None:
        note = gettext("已并入 %(main)s 一并办理。") % {"main": main}
    elif children:
        note = gettext("已拆分为 %(numbers)s，分别办理，可用同一查询码查询。") % {
            "numbers": "、".join(child["number"] for child in children)
        }
    elif parent is not None:
        note = gettext("由 %(parent)s 拆分而来。") % {"parent": parent}
    else:
        note = ""
    return {
        "merged_into": main,
        "split_from": parent,
        "split_into": children,
        "note": note,
    }


def _related_number(case: Case, relation: str) -> str | None:
    """The number of the case's main case or parent (`relation`), None without
    one: as `case_lookup` annotated it, else read."""
    if getattr(case, f"{relation}_id") is None:
        return None
    number = getattr(case, f"{relation}_number", None)
    return number if number is not None else getattr(case, relation).number


def case_reply_round(*, case_id: int) -> int:
    """How many answers (答复) the case has had: its current answer's round once
    answered (1 for the first reply, 2 for the reply after a 重新办理, ...)."""
    return CaseEvent.objects.filter(case_id=case_id, action__in=ANSWER_ACTIONS).count()


def case_locked(*, case_id: int) -> Case:
    """The case, locked for the rest of the caller's transaction: what another app
    (a rating) must order against a reply or a reopening of the same case."""
    return Case.objects.select_for_update().get(pk=case_id)


def answered_cases_with_round(
    *, replied_before: datetime, cases: QuerySet[Case] | None = None
) -> QuerySet[Case]:
    """Cases answered for rating (ANSWERED_FOR_RATING) before `replied_before`, each
    with `current_round`: its count of reply events, the round a rating of its current
    answer carries (as `case_reply_round` counts it, in one query for the list)."""
    cases = Case.objects.all() if cases is None else cases
    current_round = (
        CaseEvent.objects.filter(case=OuterRef("pk"), action__in=ANSWER_ACTIONS)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cases.filter(
        status__in=ANSWERED_FOR_RATING, replied_at__lt=replied_before
    ).alias(current_round=Subquery(current_round))


def case_answers(*, case: Case) -> list[dict]:
    """Every answer the case has had, oldest first: `reply_round`, `reply` (the
    text), `replied_at`, and `superseded`, true once a later 重新办理 set it aside.

    Reads `case.events`, so on a case from `case_lookup` (public timeline
    prefetched) it costs no query. The reply event keeps each answer's text;
    the latest comes from `case.reply`, which also covers answers given before
    the events kept it.
    """
    answers: list[dict] = []
    for event in case.events.all():
        if event.action in ANSWER_ACTIONS:
            answers.append(
                {
                    "reply_round": len(answers) + 1,
                    "reply": event.note,
                    "replied_at": event.created_at,
                    "superseded": False,
                }
            )
        elif (
            event.action in (CaseEvent.Action.REOPEN, CaseEvent.Action.REDO) and answers
        ):
            answers[-1]["superseded"] = True
    if answers:
        answers[-1]["reply"] = case.reply or answers[-1]["reply"]
    return answers


def public_case_list(
    *, kind: str | None = None, department_id: int | None = None, search: str = ""
) -> QuerySet[Case]:
    """Answered cases whose citizens agreed to publication, newest answers first;
    with `search`, those whose title and content hold its words, best matches
    first (cases.search.public_case_search)."""
    cases = Case.objects.filter(publish_consent=True, status__in=ANSWERED_FOR_RATING)
    if kind:
        cases = cases.filter(kind=kind)
    if department_id is not None:
        cases = cases.filter(department_id=department_id)
    ordering = ["-replied_at", "-id"]
    if search.strip():
        cases = case_search.public_case_search(cases=cases, query=search)
        ordering.insert(0, f"-{case_search.RANK}")
    return cases.select_related("department", "service_type").order_by(*ordering)


def exchanged_cases(*, also_case_ids: QuerySet | None = None) -> QuerySet[Case]:
    """The cases another system may read (Open311): 公开信件's (answered, with the
    citizen's consent), and `also_case_ids` (the ones that system sent), with
    their department, service type, first photo and last public event's time
    (`last_public_event_at`)."""
    visible = Q(publish_consent=True, status__in=ANSWERED_FOR_RATING)
    if also_case_ids is not None:
        visible |= Q(id__in=also_case_ids)
    last_event = CaseEvent.objects.filter(case=OuterRef("pk"), is_public=True)
    return (
        Case.objects.filter(visible)
        .select_related("department", "service_type")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=CaseAttachment.objects.order_by("sort_order", "id"),
            )
        )
        .annotate(
            last_public_event_at=Subquery(
                last_event.order_by("-created_at").values("created_at")[:1]
            )
        )
    )


def deadline_state(*, case: Case, now: datetime) -> str:
    """'overdue', 'due_soon' (within 24 hours) or '' for a case still waiting."""
    if case.status not in OPEN:
        return ""
    if case.due_at < now:
        return "overdue"
    if case.due_at < now + timedelta(hours=24):
        return "due_soon"
    return ""


def cases_for_staff(*, user, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Every case the user may see in the back office and the staff API: their
    departments' cases and those they are invited to co-handle (协办, read-only
    but for their opinion), or all cases for supervisors and dispatchers (who
    must see a case to place it). `cases` narrows a queryset already made."""
    if cases is None:
        cases = Case.objects.select_related("department", "service_type")
    if department_selectors.is_dispatcher(user):
        return cases
    scope = department_selectors.scope_for(user)
    if scope.everything:
        return cases
    co_handled = CoHandling.objects.filter(
        case=OuterRef("pk"), department_id__in=scope.department_ids
    )
    return cases.filter(
        Q(department_id__in=scope.department_ids) | Q(Exists(co_handled))
    )


def deadline_cases(*, now: datetime) -> dict[str, QuerySet[Case]]:
    """Open cases past their due date, and those due within 24 hours."""
    open_cases = Case.objects.filter(status__in=OPEN).select_related("department")
    return {
        "overdue": open_cases.filter(due_at__lt=now).order_by("due_at"),
        "due_soon": open_cases.filter(
            due_at__gte=now, due_at__lt=now + timedelta(hours=24)
        ).order_by("due_at"),
    }


def pending_extension(*, case: Case) -> ExtensionRequest | None:
    """The case's extension request awaiting a decision (at most one), with its
    requester."""
    return (
        case.extensions.filter(decision=ExtensionRequest.Decision.PENDING)
        .select_related("requested_by")
        .first()
    )


def extended_due_at(*, case: Case, days: int) -> datetime:
    """The due moment once an extension of `days` working days is approved: the
    same rule `extension_decide` applies, so the head sees the date it will set."""
    return workdays.add_workdays(start=case.due_at, days=days)


def case_for_knowledge(*, case_id: int) -> Case | None:
    """A case as the knowledge base reads it: its question and reply to draft
    an entry from, its contact to flag wherever the entry still repeats it."""
    return (
        Case.objects.filter(pk=case_id)
        .only(
            "pk",
            "title",
            "reply",
            "status",
            "department_id",
            "service_type_id",
            "contact_name",
            "contact_phone",
            "address",
        )
        .first()
    )
