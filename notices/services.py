"""Every write of a notice. Each step checks who may take it (the access policy),
renders the body once, and writes its `NoticeEvent` in the same transaction.

- Staff publish for their own departments; a city-wide notice (no department) is
  the supervisors'.
- With NOTICE_APPROVAL_REQUIRED on, a submitted notice waits for a second person
  (审核): not the one who submitted it. Editing a published notice then takes it
  back to 待审核, so nothing unapproved is ever shown. Off, submitting publishes.
- A published notice is shown from `publish_at` until `withdraw_at` (both
  scheduled; no job needed: the public selector reads the clock).
"""

import io

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from departments.policy import require_may_act_for, require_supervisor
from kernel import images
from notices.models import Notice, NoticeEvent, NoticeImage
from notices.rendering import render_markdown

Status = Notice.Status
Action = NoticeEvent.Action
COVER_SIZE = (640, 360)


def _require_publisher(user, notice: Notice) -> None:
    if notice.department_id is None:
        require_supervisor(user, _("全市信息由督办人员发布。"))
    else:
        require_may_act_for(user, notice.department_id)


def _event(notice, action, user, note="") -> None:
    NoticeEvent.objects.create(
        notice=notice,
        action=action,
        actor=user if getattr(user, "pk", None) else None,
        note=note[:200],
    )


def notice_errors(*, kind, interprets, publish_at, withdraw_at) -> dict[str, str]:
    """What is wrong with a notice's fields, by field (empty: nothing)."""
    errors = {}
    if kind == Notice.Kind.INTERPRETATION and not interprets:
        errors["interprets"] = _("政策解读请选择所解读的政策文件。")
    if kind != Notice.Kind.INTERPRETATION and interprets:
        errors["interprets"] = _("只有政策解读可以关联政策文件。")
    if withdraw_at and publish_at and withdraw_at <= publish_at:
        errors["withdraw_at"] = _("下线时间须晚于发布时间。")
    return errors


def picture_prepare(*, upload, renditions=None) -> images.ProcessedImage:
    """Verify and re-encode an upload (a cover or an attached picture)."""
    return images.process_upload(upload=upload, renditions=renditions or {"w960": 960})


def notice_save(*, notice: Notice, user, cover=None) -> Notice:
    """Create or edit a notice (its body rendered, its cover stored with the
    640×360 rendition). A published notice edited under approval waits again."""
    _require_publisher(user, notice)
    errors = notice_errors(
        kind=notice.kind,
        interprets=notice.interprets_id,
        publish_at=notice.publish_at,
        withdraw_at=notice.withdraw_at,
    )
    if errors:
        raise ValidationError(errors)
    notice.body_html = render_markdown(notice.body)
    creating = notice.pk is None
    if creating:
        notice.created_by = user if getattr(user, "pk", None) else None
    elif notice.status == Status.PUBLISHED and settings.NOTICE_APPROVAL_REQUIRED:
        notice.status = Status.PENDING
    stored = _cover(notice, cover) if cover is not None else []
    try:
        with transaction.atomic():
            notice.save()
            _event(notice, Action.SAVE, user)
    except BaseException:
        images.delete_files(storage=notice.cover.storage, names=stored)
        raise
    return notice


def _cover(notice: Notice, upload) -> list[str]:
    processed = (
        upload
        if isinstance(upload, images.ProcessedImage)
        else picture_prepare(upload=upload, renditions={})
    )
    original = processed.original
    picture = Image.open(original.file)
    fitted = ImageOps.fit(
        picture.convert("RGB"), COVER_SIZE, method=Image.Resampling.LANCZOS
    )
    buffer = io.BytesIO()
    fitted.save(buffer, format="JPEG", quality=85, optimize=True)
    original.file.seek(0)
    notice.cover.save(original.file.name, original.file, save=False)
    stem = original.file.name.rsplit(".", 1)[0]
    notice.cover_640.save(
        f"{stem}_640x360.jpg", ContentFile(buffer.getvalue()), save=False
    )
    return [notice.cover.name, notice.cover_640.name]


def image_add(*, notice: Notice, user, upload, caption: str = "") -> NoticeImage:
    """Attach a picture (verified and re-encoded, with a 960-wide rendition)."""
    _require_publisher(user, notice)
    processed = (
        upload
        if isinstance(upload, images.ProcessedImage)
        else picture_prepare(upload=upload)
    )
    picture = NoticeImage(notice=notice, caption=caption[:100])
    picture.image.save(
        processed.original.file.name, processed.original.file, save=False
    )
    rendition = processed.renditions["w960"]
    picture.image_960.save(rendition.file.name, rendition.file, save=False)
    picture.save()
    return picture


def notice_submit(*, notice: Notice, user) -> Notice:
    """提交: to 待审核 when the city requires approval, else published."""
    _require_publisher(user, notice)
    if notice.status not in (Status.DRAFT, Status.WITHDRAWN):
        raise ValidationError({"status": _("只有草稿或已撤回的信息可以提交。")})
    target = Status.PENDING if settings.NOTICE_APPROVAL_REQUIRED else Status.PUBLISHED
    return _move(
        notice,
        target,
        Action.SUBMIT if target == Status.PENDING else Action.PUBLISH,
        user,
    )


def notice_approve(*, notice: Notice, user) -> Notice:
    """审核通过: a second person publishes what another submitted or edited."""
    _require_publisher(user, notice)
    if notice.status != Status.PENDING:
        raise ValidationError({"status": _("只有待审核的信息可以审核。")})
    last = (
        notice.events.exclude(action=Action.APPROVE)
        .order_by("-created_at", "-id")
        .first()
    )
    if last is not None and last.actor_id == user.pk:
        raise PermissionDenied(
            _("需由另一位工作人员审核，不能审核自己提交或修改的信息。")
        )
    return _move(notice, Status.PUBLISHED, Action.APPROVE, user)


def notice_withdraw(*, notice: Notice, user, note: str = "") -> Notice:
    """撤回: off the public lists at once."""
    _require_publisher(user, notice)
    if notice.status not in (Status.PUBLISHED, Status.PENDING):
        raise ValidationError({"status": _("只有已发布或待审核的信息可以撤回。")})
    return _move(notice, Status.WITHDRAWN, Action.WITHDRAW, user, note)


def _move(notice, status, action, user, note="") -> Notice:
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        _event(locked, action, user, note)
    return locked


def notice_viewed(*, notice_id: int) -> None:
    """One more view (an UPDATE, no read: concurrent readers do not lose any)."""
    Notice.objects.filter(pk=notice_id).update(view_count=F("view_count") + 1)
