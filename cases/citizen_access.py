"""A signed-in citizen's access to the cases with their contact phone (citizens/).

The citizens app proves the phone (a code by SMS); from then on these give its
cases without a query code. What the citizen may do here is what the query code
allows, plus the two things only the owner of the phone should: stop SMS, and
replace a lost query code. Both write an internal timeline event, so staff see
when and why the consent or the code changed.
"""

from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import codes
from cases.models import Case, CaseEvent
from cases.selectors import ANSWER_ACTIONS
from cases.services.transitions import record_event


def cases_with_phone(*, phone: str) -> QuerySet[Case]:
    """Every case whose contact phone is `phone` (as normalised at submission),
    newest first, with its department and `current_round` (its count of replies,
    the round a rating of its current answer carries)."""
    current_round = (
        CaseEvent.objects.filter(case=OuterRef("pk"), action__in=ANSWER_ACTIONS)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Case.objects.filter(contact_phone=phone)
        .exclude(contact_phone="")
        .select_related("department")
        .annotate(current_round=Subquery(current_round))
        .order_by("-submitted_at", "-id")
    )


def case_with_phone(*, phone: str, number: str) -> Case | None:
    """The case `number` if its contact phone is `phone`, loaded as the look-up
    loads it (department, service type, public timeline, photos); else None, the
    same for a case of another phone as for an unknown number."""
    if not phone:
        return None
    return (
        _as_looked_up()
        .filter(contact_phone=phone, number=number.strip().upper())
        .first()
    )


def case_as_looked_up(*, case_id: int) -> Case:
    """The case loaded as the look-up loads it, to answer a write (补充材料) with
    the case as it is now."""
    return _as_looked_up().get(pk=case_id)


def _as_looked_up() -> QuerySet[Case]:
    return Case.objects.select_related("department", "service_type").prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.filter(is_public=True)),
        "attachments",
    )


def case_stop_sms(*, case: Case) -> Case:
    """Withdraw the citizen's SMS consent (PIPL): no more progress messages by SMS.
    Stopping twice is not an error and writes no second event."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.sms_consent:
            locked.sms_consent = False
            locked.save(update_fields=["sms_consent", "updated_at"])
            record_event(
                case=locked,
                actor=None,
                action=CaseEvent.Action.NOTE,
                note=_("市民已退订短信通知。"),
                is_public=False,
            )
    case.sms_consent = False
    return locked


def case_reissue_query_code(*, case: Case) -> str:
    """Replace the case's query code with a fresh one and return it (shown once:
    only its hash is kept). The old code stops working at once."""
    code = codes.new_query_code()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        old_hash = locked.query_code_hash
        locked.query_code_hash = codes.hash_query_code(number=locked.number, code=code)
        locked.save(update_fields=["query_code_hash", "updated_at"])
        # 拆分: the children that still share the parent's code take the new one.
        Case.objects.filter(parent=locked, query_code_hash=old_hash).update(
            query_code_hash=locked.query_code_hash
        )
        record_event(
            case=locked,
            actor=None,
            action=CaseEvent.Action.NOTE,
            note=_("市民凭手机号验证后重新生成了查询码，原查询码已失效。"),
            is_public=False,
            now=timezone.now(),
        )
    return code
