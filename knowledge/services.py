"""Every write of the knowledge base, each in one transaction with its event
and its roll-up row.

- `entry_draft_from_case`: 加入知识库 on an answered case: a draft with its
  title as the question and its reply as the answer, the source case kept so
  that its contact is flagged wherever it still stands.
- `entry_save`, `entry_publish`, `entry_withdraw`: what staff do in the admin.
  Nothing is published while the text holds personal data
  (knowledge/personal_data.py), saving a published entry included.
- `entry_viewed`, `entry_vote`, `self_served_record`, `unanswered_record`:
  what citizens do (counted, never their text but a masked question).
"""

import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import selectors as case_selectors
from cases.workflow import ANSWERED_FOR_RATING
from departments import selectors as department_selectors
from kernel import search as kernel_search
from kernel.rollups import bucket_add, lock_buckets
from kernel.workdays import SHANGHAI
from knowledge.models import (
    Entry,
    EntryEvent,
    EntryVote,
    KnowledgeDayCount,
    SelfServed,
    UnansweredQuestion,
)
from knowledge.personal_data import personal_data_flags

# A question nobody answered is kept this long after it was last asked.
UNANSWERED_RETENTION_DAYS = 90
UNANSWERED_LENGTH = 60
# Runs of digits that could be a phone, an ID or a house number are masked
# before a question is kept.
_DIGITS = re.compile(r"\d{4,}")


def _local_day(now: datetime) -> date:
    return now.astimezone(SHANGHAI).date()


def _count(*, day: date, department_id: int | None, **counts: int) -> None:
    key = {"day": day, "department_id": department_id or 0}
    lock_buckets(KnowledgeDayCount, [key])
    bucket_add(KnowledgeDayCount, key, {}, counts)


def _event(entry: Entry, action: str, actor) -> None:
    EntryEvent.objects.create(entry=entry, action=action, actor=actor)


def require_may_keep(user, department_id: int | None) -> None:
    """Staff keep their departments' entries; city-wide ones are supervisors'."""
    department_selectors.require_may_act_for(
        user,
        department_id,
        message=_("全市通用条目由督办人员维护。")
        if department_id is None
        else _("您只能维护本部门的知识条目。"),
    )


def entry_flags(entry: Entry):
    """The personal data an entry's text still holds (with its source case's
    contact, when it came from one)."""
    known = {}
    if entry.source_case_id:
        case = case_selectors.case_for_knowledge(case_id=entry.source_case_id)
        if case is not None:
            known = {
                "contact_name": case.contact_name,
                "phone": case.contact_phone,
                "address": case.address,
            }
    text = "\n".join([entry.question, entry.keywords, entry.answer])
    return personal_data_flags(text, known=known)


def refuse_personal_data(entry: Entry) -> None:
    """ValidationError on `answer` naming (masked) what personal data the text holds."""
    flags = entry_flags(entry)
    if flags:
        listed = "、".join(f"{flag.label}“{flag.shown}”" for flag in flags[:5])
        raise ValidationError(
            {
                "answer": _("文字中仍有个人信息：%(listed)s。请删除后再发布。")
                % {"listed": listed}
            }
        )


def _write_document(entry: Entry) -> None:
    entry.search_document = kernel_search.document(
        entry.question, entry.keywords, entry.answer
    )


@transaction.atomic
def entry_save(*, entry: Entry, user) -> Entry:
    """A new or changed entry as staff wrote it (the admin form validated the
    fields). A published one must stay free of personal data."""
    require_may_keep(user, entry.department_id)
    if entry.pk:
        before = Entry.objects.select_for_update().filter(pk=entry.pk).first()
        if before is not None and before.department_id != entry.department_id:
            require_may_keep(user, before.department_id)
    if entry.status == Entry.Status.PUBLISHED:
        refuse_personal_data(entry)
    new = entry.pk is None
    if new:
        entry.created_by = user
    _write_document(entry)
    entry.save()
    _event(entry, EntryEvent.Action.DRAFTED if new else EntryEvent.Action.CHANGED, user)
    return entry


@transaction.atomic
def entry_draft_from_case(*, case_id: int, user) -> Entry:
    """加入知识库: a draft from an answered case (its title and reply), or the
    entry already made from it."""
    case = case_selectors.case_for_knowledge(case_id=case_id)
    if case is None:
        raise ValidationError(_("诉求不存在。"))
    require_may_keep(user, case.department_id)
    if case.status not in ANSWERED_FOR_RATING or not case.reply.strip():
        raise ValidationError(_("只有已答复的诉求才能加入知识库。"))
    existing = Entry.objects.filter(source_case_id=case.pk).order_by("pk").first()
    if existing is not None:
        return existing
    entry = Entry(
        question=case.title[:200],
        answer=case.reply,
        department_id=case.department_id,
        service_type_id=case.service_type_id,
        source_case_id=case.pk,
        status=Entry.Status.DRAFT,
        created_by=user,
    )
    _write_document(entry)
    entry.save()
    _event(entry, EntryEvent.Action.DRAFTED_FROM_CASE, user)
    return entry


@transaction.atomic
def entry_publish(*, entry: Entry, user, now: datetime | None = None) -> Entry:
    require_may_keep(user, entry.department_id)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == Entry.Status.PUBLISHED:
        return entry
    refuse_personal_data(entry)
    entry.status = Entry.Status.PUBLISHED
    entry.published_at = now or timezone.now()
    entry.save(update_fields=["status", "published_at", "updated_at"])
    _event(entry, EntryEvent.Action.PUBLISHED, user)
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, user) -> Entry:
    require_may_keep(user, entry.department_id)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Entry.Status.PUBLISHED:
        raise ValidationError(_("只有已发布的条目才能撤回。"))
    entry.status = Entry.Status.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    _event(entry, EntryEvent.Action.WITHDRAWN, user)
    return entry


@transaction.atomic
def entry_viewed(*, entry: Entry, now: datetime) -> None:
    """A citizen opened the answer: 知识库命中."""
    Entry.objects.filter(pk=entry.pk).update(views=F("views") + 1)
    _count(day=_local_day(now), department_id=entry.department_id, views=1)


def entry_vote(
    *, entry: Entry, helpful: bool, device_hash: str, now: datetime
) -> Entry:
    """有用 / 没用, one per entry, device and day: the unique row decides, so two
    votes sent together count once."""
    day = _local_day(now)
    try:
        with transaction.atomic():
            EntryVote.objects.create(
                entry=entry, helpful=helpful, device_hash=device_hash, local_date=day
            )
            counter = "helpful_count" if helpful else "unhelpful_count"
            Entry.objects.filter(pk=entry.pk).update(**{counter: F(counter) + 1})
            _count(
                day=day,
                department_id=entry.department_id,
                **{"helpful" if helpful else "unhelpful": 1},
            )
    except IntegrityError:
        raise ValidationError(_("您今天已经评价过这条回答。")) from None
    entry.refresh_from_db(fields=["helpful_count", "unhelpful_count"])
    return entry


def self_served_record(
    *, entry: Entry, kind: str, device_hash: str, now: datetime
) -> bool:
    """已解决: the citizen's question was answered without a case. Counted once
    per entry, device and day (a second tap is no second 自助解决); whether it
    counted now."""
    day = _local_day(now)
    try:
        with transaction.atomic():
            SelfServed.objects.create(
                entry=entry, kind=kind, device_hash=device_hash, local_date=day
            )
            _count(day=day, department_id=entry.department_id, self_served=1)
    except IntegrityError:
        return False
    return True


def masked_question(text: str) -> str:
    """A question as kept: digit runs masked, whitespace folded, cut."""
    folded = " ".join(_DIGITS.sub(lambda m: "＊" * len(m.group()), text).split())
    return folded[:UNANSWERED_LENGTH]


def unanswered_record(*, text: str, now: datetime) -> None:
    """问一问 found nothing for `text`: count it (masked) for the list of
    questions to write entries for."""
    question = masked_question(text)
    if not kernel_search.runs(question):
        return
    day = _local_day(now)
    with transaction.atomic():
        updated = UnansweredQuestion.objects.filter(text=question).update(
            times=F("times") + 1, last_asked=day
        )
        if updated:
            return
        try:
            with transaction.atomic():
                UnansweredQuestion.objects.create(
                    text=question, first_asked=day, last_asked=day
                )
        except IntegrityError:
            UnansweredQuestion.objects.filter(text=question).update(
                times=F("times") + 1, last_asked=day
            )


def unanswered_purge(*, now: datetime) -> int:
    """Forget the questions not asked for UNANSWERED_RETENTION_DAYS."""
    cutoff = _local_day(now) - timedelta(days=UNANSWERED_RETENTION_DAYS)
    deleted, _rows = UnansweredQuestion.objects.filter(last_asked__lt=cutoff).delete()
    return deleted
