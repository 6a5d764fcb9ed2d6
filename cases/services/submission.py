"""Registering a case: `case_submit` stores the case, its photos, its first timeline
event and its idempotency key, and takes the number last. It runs in a transaction
and leaves nothing behind when it fails: no case, no number used, no file in
storage.

Why the number comes last: the per-kind counter (cases.codes) is one row that every
submission of the kind and day updates, locked until the transaction commits, so
whatever runs after taking it runs one submission at a time. Everything that does
not need the number comes first: the look-ups (cached, departments.cache), the due
date and the query code before the transaction; the case (under a provisional
number), its idempotency key, photos, first event, routing and roll-up inside it;
then the number, with ONE update of number and query-code hash (the hash is salted
with the number), then the notices, which render the number into their text when
they are queued (notifications.services.notify), then the commit.

A retry is told from the unique Idempotency-Key itself, not by a look-up first:
its insert fails (or waits for the first attempt to commit, then fails) and the
earlier case is returned. So a retry's photos are processed and stored again, then
removed with the rolled-back transaction.
"""

import copy
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import codes, notices, rollups, submission_listeners
from cases import search as case_search
from cases.models import Case, CaseAttachment, CaseEvent, SubmissionKey
from cases.services.photos import (
    check_photo_pixels,
    process_photo,
    store_photo,
    stored_names,
)
from cases.services.transitions import record_event
from departments import selectors as department_selectors
from departments import services as department_services
from kernel import images, workdays
from kernel.storage import private_storage

Status = Case.Status


class IdempotencyConflict(Exception):
    """The Idempotency-Key was already used for a different submission."""


@dataclass(frozen=True)
class SubmittedCase:
    case: Case
    query_code: str
    replayed: bool = False


@dataclass(frozen=True)
class CaseSubmission:
    """What a citizen (or staff on their behalf) sends, already field-validated."""

    kind: str
    title: str
    content: str
    # None: the citizen was unsure (不确定是哪个部门); the 派单目录 routes the case.
    department_id: int | None
    channel: str
    service_type_id: int | None = None
    complainee: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_anonymous: bool = False
    publish_consent: bool = False
    # PIPL: SMS about the case only if the citizen agreed (cases/notices.py).
    sms_consent: bool = False
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    # The session's WeChat openid (notifications.wechat_oauth): notices go there too.
    wechat_openid: str = ""


def reply_days_for(*, kind: str, service_type=None) -> int:
    """Working days to answer: the service type's own limit, else the kind's."""
    if service_type is not None and service_type.case_reply_days is not None:
        return service_type.case_reply_days
    return settings.CASE_REPLY_DAYS[kind]


def case_submit(
    *,
    submission: CaseSubmission,
    photos: Sequence[UploadedFile] = (),
    idempotency_key: str | None = None,
    actor=None,
    now: datetime | None = None,
    source_note: str = "",
) -> SubmittedCase:
    """Register a case and return it with its query code (shown to the citizen once).

    `source_note` replaces the first event's 市民提交 / 工作人员代为登记 (another
    system's client names itself there).

    With an `idempotency_key`, a retry of the same submission returns the case the
    first attempt created, and a different submission under the same key raises
    `IdempotencyConflict`.
    """
    department, service_type = _check_submission(submission)
    if len(photos) > settings.CASE_MAX_PHOTOS:
        raise ValidationError(
            {
                "attachments": _("最多上传 %(n)d 张图片。")
                % {"n": settings.CASE_MAX_PHOTOS}
            }
        )
    check_photo_pixels(photos)
    fingerprint = _fingerprint(submission, photos) if idempotency_key else ""
    now = now or timezone.now()
    prepared = _Prepared(
        department=department,
        service_type=service_type,
        now=now,
        due_at=workdays.add_workdays(
            start=now,
            days=reply_days_for(kind=submission.kind, service_type=service_type),
        ),
        query_code=codes.new_query_code(
            seed=f"{idempotency_key}:{fingerprint}" if idempotency_key else None
        ),
        search_document=_search_document(submission),
    )
    processed = [process_photo(photo) for photo in photos]
    # Files are written before the transaction, which is kept to the inserts;
    # they are removed again if anything fails.
    stored: list[tuple[str, str, images.ProcessedImage]] = []
    try:
        for image in processed:
            stored.append(store_photo(image))
        with transaction.atomic():
            case = _create_case(
                submission=submission,
                prepared=prepared,
                stored_photos=stored,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                actor=actor,
                source_note=source_note,
            )
    except IntegrityError:
        images.delete_files(storage=private_storage(), names=stored_names(stored))
        # The key was used already (a retry), or by an attempt that committed while
        # this one waited on it (a race): both get the earlier case.
        if idempotency_key and (earlier := _replay(idempotency_key, fingerprint)):
            return earlier
        raise
    except BaseException:
        images.delete_files(storage=private_storage(), names=stored_names(stored))
        raise
    return SubmittedCase(case=case, query_code=prepared.query_code)


@dataclass(frozen=True)
class _Prepared:
    """What the transaction needs that is worked out before it starts."""

    department: object
    service_type: object
    now: datetime
    due_at: datetime
    query_code: str
    search_document: str


def _check_submission(submission: CaseSubmission):
    """Rules that need the database or span fields; all errors at once."""
    errors: dict[str, str] = {}
    department = None
    if submission.department_id is not None:
        department = department_selectors.get_active_department(
            department_id=submission.department_id
        )
        if department is None:
            errors["department"] = _("所选部门不存在或已停用。")
    service_type = None
    if submission.service_type_id is not None:
        service_type = department_selectors.get_active_service_type(
            service_type_id=submission.service_type_id
        )
        if service_type is None:
            errors["service_type"] = _("所选服务类型不存在或已停用。")
        elif department and service_type.window.department_id != department.id:
            errors["service_type"] = _("所选服务类型不属于该部门。")
    if submission.kind == Case.Kind.COMPLAINT and not submission.complainee.strip():
        errors["complainee"] = _("投诉举报请填写被投诉/举报对象。")
    if submission.is_anonymous:
        if submission.kind != Case.Kind.COMPLAINT:
            errors["is_anonymous"] = _("只有投诉举报可以匿名提交。")
        if submission.contact_name or submission.contact_phone:
            errors["is_anonymous"] = _("匿名举报请不要填写姓名和电话。")
    else:
        if not submission.contact_name.strip():
            errors["contact_name"] = _("请填写联系人姓名。")
        if not submission.contact_phone:
            errors["contact_phone"] = _("请填写联系电话。")
    if (submission.latitude is None) != (submission.longitude is None):
        errors["latitude"] = _("经纬度需要同时填写。")
    if errors:
        raise ValidationError(errors)
    return department, service_type


def _create_case(
    *,
    submission,
    prepared,
    stored_photos,
    idempotency_key,
    fingerprint,
    actor,
    source_note,
):
    now = prepared.now
    routed = prepared.department is None
    case = Case.objects.create(
        number=codes.provisional_number(),
        kind=submission.kind,
        title=submission.title.strip(),
        content=submission.content.strip(),
        # Routed below; until then it waits at the dispatch centre.
        department=prepared.department or department_services.dispatch_center(),
        service_type=prepared.service_type,
        complainee=submission.complainee.strip(),
        contact_name=submission.contact_name.strip(),
        contact_phone=submission.contact_phone,
        is_anonymous=submission.is_anonymous,
        publish_consent=submission.publish_consent,
        sms_consent=submission.sms_consent and not submission.is_anonymous,
        address=submission.address.strip(),
        latitude=submission.latitude,
        longitude=submission.longitude,
        wechat_openid_encrypted=notices.openid_seal(submission.wechat_openid),
        channel=submission.channel,
        status=Status.SUBMITTED,
        submitted_at=now,
        due_at=prepared.due_at,
        search_document=prepared.search_document,
    )
    if idempotency_key:
        # Right after the case: a retry fails here, before any other write.
        SubmissionKey.objects.create(
            key=idempotency_key, fingerprint=fingerprint, case=case
        )
    CaseAttachment.objects.bulk_create(
        CaseAttachment(
            case=case,
            image=original,
            thumbnail=thumbnail,
            width=image.width,
            height=image.height,
            sort_order=index,
        )
        for index, (original, thumbnail, image) in enumerate(stored_photos)
    )
    submitted = record_event(
        case=case,
        actor=actor,
        action=CaseEvent.Action.SUBMIT,
        from_status="",
        note=source_note or (_("工作人员代为登记") if actor else _("市民提交")),
        now=now,
    )
    routed_event = None
    if routed:
        # Imported here: dispatch reads reply_days_for from this module.
        from cases.services.dispatch import case_route

        # The SUBMIT's notices, queued below, tell the case as it was submitted:
        # at the dispatch centre, which alerts nobody; the ROUTE event announces
        # where it went, so each case is announced once (cases/notices_staff.py).
        submitted.case = copy.copy(case)
        routed_event = case_route(case=case, now=now, notify=False)
    rollups.case_submitted(case=case)
    # The counter last (see the module): from here to the commit, submissions of
    # this kind and day queue on its row.
    number = codes.next_case_number(kind=submission.kind, moment=now)
    code_hash = codes.hash_query_code(number=number, code=prepared.query_code)
    Case.objects.filter(pk=case.pk).update(number=number, query_code_hash=code_hash)
    for told in (case, submitted.case):
        told.number, told.query_code_hash = number, code_hash
    # The number and query code by SMS (with consent), and the department's
    # alert; their text carries the number, so they are queued after it.
    notices.case_event_notify(event=submitted, query_code=prepared.query_code)
    if routed_event is not None:
        notices.case_event_notify(event=routed_event)
    # What the apps above cases do once it commits (the site's metrics).
    submission_listeners.submission_listeners_schedule(case)
    return case


def _search_document(submission: CaseSubmission) -> str:
    return case_search.case_document(
        title=submission.title.strip(),
        content=submission.content.strip(),
        complainee=submission.complainee.strip(),
    )


def _fingerprint(submission: CaseSubmission, photos: Sequence[UploadedFile]) -> str:
    """A digest of everything submitted, photos included, to tell a retry from a
    different submission that reuses the key."""
    digest = hashlib.sha256()
    fields = {k: str(v) for k, v in submission.__dict__.items()}
    digest.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode())
    for photo in photos:
        photo.seek(0)
        for chunk in photo.chunks():
            digest.update(chunk)
        photo.seek(0)
    return digest.hexdigest()


def _replay(key: str, fingerprint: str) -> SubmittedCase | None:
    earlier = SubmissionKey.objects.select_related("case").filter(key=key).first()
    if earlier is None:
        return None
    if earlier.fingerprint != fingerprint:
        raise IdempotencyConflict
    # The code was derived with the key current at the first attempt; after a key
    # rotation that key is a fallback, so use the one whose code matches the hash.
    case = earlier.case
    secrets_to_try = [
        settings.SECRET_KEY,
        *getattr(settings, "SECRET_KEY_FALLBACKS", []),
    ]
    candidates = [
        codes.new_query_code(seed=f"{key}:{fingerprint}", secret=secret)
        for secret in secrets_to_try
    ]
    query_code = next(
        (
            code
            for code in candidates
            if codes.query_code_matches(
                number=case.number, code=code, code_hash=case.query_code_hash
            )
        ),
        candidates[0],
    )
    return SubmittedCase(case=case, query_code=query_code, replayed=True)
