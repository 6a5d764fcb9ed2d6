"""Retention: personal data of finished cases kept no longer than needed (PIPL
art. 19), the cases themselves kept for the ledgers.

A case is finished when it is 已办结 (closed) or 不予受理 (rejected); its age is
counted from `closed_at` or `rejected_at`. A case reopened since is not finished.

- After CASE_CONTACT_KEEP_DAYS: the contact is erased: name, phone, address and
  coordinates blanked, and the search document (it repeats the citizen's words;
  the case is no longer found by the full-text search). Number, kind, text,
  department, reply, timeline and ratings stay, so ledgers and statistics still
  count the case.
- After CASE_PHOTO_KEEP_DAYS: its photos are deleted, rows and files (original and
  thumbnail); files go once the rows' deletion is committed.

Work goes in batches by primary key (BATCH_SIZE rows per query, one transaction
each), so a run over a million cases holds no long lock and little memory, and
a run cut off halfway has finished whole batches and goes on from there next
time. Each batch re-checks its rows inside the UPDATE/DELETE, so a case
reopened meanwhile is left alone. Every run writes a `RetentionRun`; a dry run
only counts and writes nothing. docs/security/privacy.md gives the defaults'
reasons.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.models import Case, CaseAttachment, RetentionRun
from kernel import images
from kernel.storage import private_storage

BATCH_SIZE = 1000

_ERASED_CONTACT = {
    "contact_name": "",
    "contact_phone": "",
    "address": "",
    "latitude": None,
    "longitude": None,
    "wechat_openid_encrypted": "",
    # The search document repeats what the citizen wrote (cases/search.py).
    "search_document": "",
}


@dataclass(frozen=True)
class RetentionResult:
    contacts_before: datetime
    photos_before: datetime
    cases_anonymised: int  # would be, in a dry run
    photos_deleted: int
    run: RetentionRun | None  # None for a dry run


def _finished_before(moment: datetime, prefix: str = "") -> Q:
    return Q(
        **{f"{prefix}status": Case.Status.CLOSED, f"{prefix}closed_at__lt": moment}
    ) | Q(
        **{
            f"{prefix}status": Case.Status.REJECTED,
            f"{prefix}rejected_at__lt": moment,
        }
    )


def _has_contact() -> Q:
    return (
        ~Q(contact_name="")
        | ~Q(contact_phone="")
        | ~Q(address="")
        | Q(latitude__isnull=False)
        | Q(longitude__isnull=False)
        | ~Q(wechat_openid_encrypted="")
        | ~Q(search_document="")
    )


def contacts_due(*, before: datetime) -> QuerySet[Case]:
    """Finished cases older than `before` that still hold contact details."""
    return Case.objects.filter(_finished_before(before)).filter(_has_contact())


def photos_due(*, before: datetime) -> QuerySet[CaseAttachment]:
    """Photos of cases finished before `before`."""
    return CaseAttachment.objects.filter(_finished_before(before, prefix="case__"))


def _batches(queryset: QuerySet, batch_size: int):
    """Primary keys of `queryset` in ascending batches (keyset pagination: each
    query starts after the last key, so none scans what earlier ones returned)."""
    last = 0
    while True:
        keys = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not keys:
            return
        yield keys
        last = keys[-1]


def _erase_contacts(*, run: RetentionRun, batch_size: int) -> None:
    before = run.contacts_before
    for keys in _batches(contacts_due(before=before), batch_size):
        with transaction.atomic():
            run.cases_anonymised += (
                contacts_due(before=before)
                .filter(pk__in=keys)
                .update(**_ERASED_CONTACT)
            )
            # In the batch's transaction: the record counts exactly what was done.
            run.save(update_fields=["cases_anonymised"])


def _delete_photos(*, run: RetentionRun, batch_size: int) -> None:
    before = run.photos_before
    for keys in _batches(photos_due(before=before), batch_size):
        with transaction.atomic():
            rows = photos_due(before=before).filter(pk__in=keys)
            names = [n for pair in rows.values_list("image", "thumbnail") for n in pair]
            run.photos_deleted += rows.delete()[0]
            run.save(update_fields=["photos_deleted"])
            # After the commit: a rolled-back delete keeps its files.
            transaction.on_commit(
                lambda names=names: images.delete_files(
                    storage=private_storage(), names=names
                )
            )


def retention_apply(
    *,
    now: datetime,
    contact_keep_days: int,
    photo_keep_days: int,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> RetentionResult:
    """Erase the contacts and delete the photos of cases finished longer ago than
    the keep days; record the run. A dry run counts what would go and changes
    nothing, the record included."""
    if contact_keep_days < 1 or photo_keep_days < 1:
        raise ValueError("keep days must be at least 1")
    contacts_before = now - timedelta(days=contact_keep_days)
    photos_before = now - timedelta(days=photo_keep_days)
    if dry_run:
        return RetentionResult(
            contacts_before=contacts_before,
            photos_before=photos_before,
            cases_anonymised=contacts_due(before=contacts_before).count(),
            photos_deleted=photos_due(before=photos_before).count(),
            run=None,
        )
    run = RetentionRun.objects.create(
        started_at=now,
        contact_keep_days=contact_keep_days,
        photo_keep_days=photo_keep_days,
        contacts_before=contacts_before,
        photos_before=photos_before,
    )
    # A run cut off keeps its record with what it did, and no finished_at.
    _erase_contacts(run=run, batch_size=batch_size)
    _delete_photos(run=run, batch_size=batch_size)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return RetentionResult(
        contacts_before=contacts_before,
        photos_before=photos_before,
        cases_anonymised=run.cases_anonymised,
        photos_deleted=run.photos_deleted,
        run=run,
    )
