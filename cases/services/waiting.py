"""补充材料 (挂起): asking the citizen for more, their answer, resuming. (issue 18)

Staff ask (`info_request`, 已受理 → 待补充材料); the citizen answers through the
look-up or signed in (`info_supply`, with text and photos under the same checks
as a submission); staff resume by hand (`case_resume`, the citizen answered by
phone); or the periodic job resumes the case once the citizen has let
INFO_WAIT_DAYS working days pass (`info_waits_expire`). Each is a step of
`cases.workflow` taken through `step_take`.

The clock rule (挂起): while a case waits for the citizen its time limit does not
run. When it resumes, the due date moves later by the working days it waited,
counted as `kernel.workdays` counts them (the working days after the day it was
asked, up to and including the day it resumed):

    due_at = add_workdays(start=due_at, days=workdays_between(start=paused_at,
                                                             end=resumed_at))

keeping the due moment's time of day (an urgent case due at 15:00 stays due at
15:00). Asked on Friday and answered on Monday: one working day, due one working
day later; asked and answered on the same day: unchanged. A case the job
resumes counts as having waited until the end of the citizen's INFO_WAIT_DAYS,
however late the job runs. `paused_seconds` adds up the wall-clock time of every
pause, for the figures.
"""

from collections.abc import Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseAttachment
from cases.services import photos as photo_steps
from cases.services.transitions import step_take
from cases.validators import validate_plain_text
from kernel import images, workdays
from kernel.storage import private_storage
from kernel.text import visible_only

Status = Case.Status

# What the citizen may write in answer (visible characters), and what staff ask.
SUPPLEMENT_LENGTH = (2, 2000)
QUESTION_MAX_LENGTH = 2000  # the admin's text step form's limit


def info_request(*, case: Case, actor, question: str) -> Case:
    """请市民补充材料: the case waits for the citizen and its clock stops. The
    question is public: the citizen reads it on the look-up and is told of it."""
    question = (question or "").strip()
    if len(question) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"question": _("需补充的材料最多 %(n)d 字。") % {"n": QUESTION_MAX_LENGTH}}
        )
    now = timezone.now()

    def apply(locked: Case) -> list[str]:
        locked.info_question = question
        locked.paused_at = now
        return ["info_question", "paused_at"]

    return step_take(
        step="info_request",
        case=case,
        actor=actor,
        inputs={"question": question},
        note=question,
        apply=apply,
        now=now,
    ).case


def info_supply(
    *, case: Case, content: str, photos: Sequence[UploadedFile] = ()
) -> Case:
    """Returns Case: the citizen answers through the look-up (actor None).

    The text is held to the submission's rules for plain text; the photos go
    through the submission's pipeline (decoded, re-encoded, a thumbnail) and
    count towards CASE_MAX_PHOTOS with the case's photos. They are stored with
    the answer's event, so staff see which supplement brought them. Nothing is
    saved, and no file is left behind, when any check fails.
    """
    content = _supplement_text(content)
    status = Case.objects.filter(pk=case.pk).values_list("status", flat=True).get()
    if status != Status.WAITING:
        # Before any photo is decoded; step_take asks again under the lock (with
        # the table's message, which cannot name the status).
        raise ValidationError(
            {
                "status": _("该诉求当前状态为“%(status)s”，无需补充材料。")
                % {"status": Status(status).label}
            }
        )
    _check_photo_count(case=case, adding=len(photos))
    with _as_photos_error():
        photo_steps.check_photo_pixels(photos)
        processed = [photo_steps.process_photo(photo) for photo in photos]
    now = timezone.now()
    stored = []
    try:
        for image in processed:
            stored.append(photo_steps.store_photo(image))
        with transaction.atomic():

            def apply(locked: Case) -> list[str]:
                # Under the lock: two answers sent together cannot both fit.
                _check_photo_count(case=locked, adding=len(stored))
                return _resume_clock(locked, resumed_at=now)

            event = step_take(
                step="info_supply",
                case=case,
                actor=None,
                inputs={"content": content},
                note=content,
                apply=apply,
                now=now,
            )
            first = CaseAttachment.objects.filter(case=event.case).count()
            CaseAttachment.objects.bulk_create(
                CaseAttachment(
                    case=event.case,
                    event=event,
                    image=original,
                    thumbnail=thumbnail,
                    width=image.width,
                    height=image.height,
                    sort_order=first + index,
                )
                for index, (original, thumbnail, image) in enumerate(stored)
            )
    except BaseException:
        images.delete_files(
            storage=private_storage(), names=photo_steps.stored_names(stored)
        )
        raise
    return event.case


def case_resume(*, case: Case, actor, note: str = "") -> Case:
    """恢复办理: staff resume a waiting case (the citizen answered by phone, or
    the question is moot); the due date moves by the paused working days."""
    now = timezone.now()
    return step_take(
        step="resume",
        case=case,
        actor=actor,
        inputs={"note": note},
        note=(note or "").strip(),
        apply=lambda locked: _resume_clock(locked, resumed_at=now),
        now=now,
    ).case


def info_waits_expire(*, now: datetime | None = None) -> int:
    """Returns int: resume every case waiting longer than INFO_WAIT_DAYS (periodic job).

    A case asked on day D waits until the end of the INFO_WAIT_DAYS-th working
    day after D (`add_workdays`); after that the system resumes it, its clock
    counting the pause up to that end. Idempotent: a resumed case no longer
    waits, so a second run finds nothing; a case the citizen answers while the
    job runs is skipped (the step is refused under the lock).
    """
    now = now or timezone.now()
    days = settings.INFO_WAIT_DAYS
    # N working days never take fewer than N calendar days: a case asked less
    # than `days` calendar days ago cannot have expired, so it is not loaded.
    waiting = Case.objects.filter(
        status=Status.WAITING,
        paused_at__isnull=False,
        paused_at__lt=now - timedelta(days=days),
    ).only("pk", "status", "paused_at")
    resumed = 0
    for case in waiting.iterator():
        deadline = workdays.add_workdays(start=case.paused_at, days=days)
        if now <= deadline:
            continue
        try:
            step_take(
                step="resume",
                case=case,
                actor=None,
                note=_("市民逾期未补充材料，恢复办理"),
                apply=lambda locked, end=deadline: _resume_clock(
                    locked, resumed_at=end
                ),
                now=now,
            )
        except ValidationError:
            continue  # answered or resumed meanwhile
        resumed += 1
    return resumed


def paused_workdays(*, case: Case, now: datetime | None = None) -> int:
    """The working days a waiting case has been paused so far (0 if it is not)."""
    if case.status != Status.WAITING or case.paused_at is None:
        return 0
    return workdays.workdays_between(start=case.paused_at, end=now or timezone.now())


def _resume_clock(locked: Case, *, resumed_at: datetime) -> list[str]:
    """Move the due date by the paused working days and end the pause."""
    fields = ["paused_at", "info_question"]
    paused_at = locked.paused_at
    if paused_at is not None:
        days = workdays.workdays_between(start=paused_at, end=resumed_at)
        if days > 0:
            locked.due_at = _shifted(locked.due_at, days=days)
            fields.append("due_at")
        waited = max(0, int((resumed_at - paused_at).total_seconds()))
        locked.paused_seconds = (locked.paused_seconds or 0) + waited
        fields.append("paused_seconds")
    locked.paused_at = None
    locked.info_question = ""
    return fields


def _shifted(due_at: datetime, *, days: int) -> datetime:
    local = due_at.astimezone(workdays.SHANGHAI)
    moved = workdays.add_workdays(start=due_at, days=days)
    return moved.replace(
        hour=local.hour,
        minute=local.minute,
        second=local.second,
        microsecond=local.microsecond,
    )


def _supplement_text(content: str) -> str:
    content = (content or "").strip()
    try:
        validate_plain_text(content)
    except ValidationError as error:
        raise ValidationError({"content": error.messages}) from error
    shortest, longest = SUPPLEMENT_LENGTH
    if len(visible_only(content)) < shortest:
        raise ValidationError(
            {"content": _("补充内容至少 %(n)d 个字。") % {"n": shortest}}
        )
    if len(content) > longest:
        raise ValidationError(
            {"content": _("补充内容最多 %(n)d 个字。") % {"n": longest}}
        )
    return content


def _check_photo_count(*, case: Case, adding: int) -> None:
    if not adding:
        return
    limit = settings.CASE_MAX_PHOTOS
    have = CaseAttachment.objects.filter(case=case).count()
    if have + adding > limit:
        raise ValidationError(
            {
                "photos": _(
                    "每件诉求最多 %(limit)d 张图片，已有 %(have)d 张，"
                    "还可上传 %(left)d 张。"
                )
                % {"limit": limit, "have": have, "left": max(0, limit - have)}
            }
        )


@contextmanager
def _as_photos_error():
    """The submission's photo checks name its field `attachments`; here the
    field is `photos`."""
    try:
        yield
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {}
        if "attachments" not in messages:
            raise
        messages["photos"] = messages.pop("attachments")
        raise ValidationError(messages) from error
