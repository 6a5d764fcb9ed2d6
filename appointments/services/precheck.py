"""预检: before the visit the citizen sends a photo of each listed material; the
window marks each 合格 or 需补正 with a note, and the citizen is told once per
review. Photos take the same checks as case photos (`kernel.images`: size, type,
pixels, re-encoded without metadata) and are personal data: stored under
`appointments/precheck/`, never served as public media, opened only through the
booking's owner or the window's staff (appointments.files). PDFs are not taken:
no well-kept library here sanitises them, so a photo of the page it is.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments import notices
from appointments.models import Appointment, AppointmentEvent, MaterialCheck
from appointments.services.events import event_write, require_booked_by
from departments.policy import require_may_act_for
from kernel import images
from kernel.storage import private_storage
from kernel.workdays import SHANGHAI

PHOTO_FOLDER = "appointments/precheck/"
PHOTOS_PER_BOOKING = 20
Result = MaterialCheck.Result


def precheck_upload(
    *, appointment: Appointment, phone: str, material: str, photo, now=None
) -> MaterialCheck:
    """Add the citizen's photo of one listed material to their active booking."""
    now = now or timezone.now()
    require_booked_by(appointment, phone)
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError({"photo": _("该预约已不能上传预检材料。")})
    if material not in appointment.service_type.materials_list:
        raise ValidationError({"material": _("请选择该服务所需材料清单中的一项。")})
    if appointment.materials.count() >= PHOTOS_PER_BOOKING:
        raise ValidationError(
            {
                "photo": _("每个预约最多上传 %(n)d 张材料照片。")
                % {"n": PHOTOS_PER_BOOKING}
            }
        )
    try:
        image = images.process_upload(
            upload=photo,
            max_bytes=settings.CASE_PHOTO_MAX_BYTES,
            max_pixels=settings.CASE_PHOTO_MAX_PIXELS,
            max_edge=settings.CASE_PHOTO_MAX_EDGE,
            renditions={"thumb": 320},
        )
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error
    month = now.astimezone(SHANGHAI).strftime("%Y/%m")
    original = private_storage().save(
        f"{PHOTO_FOLDER}{month}/{image.original.file.name}", image.original.file
    )
    thumb = image.renditions["thumb"]
    thumbnail = private_storage().save(
        f"{PHOTO_FOLDER}{month}/{thumb.file.name}", thumb.file
    )
    try:
        with transaction.atomic():
            check = MaterialCheck.objects.create(
                appointment=appointment,
                material=material,
                image=original,
                thumbnail=thumbnail,
                uploaded_at=now,
            )
            event_write(
                appointment=appointment,
                action=AppointmentEvent.Action.PRECHECK_UPLOAD,
                note=material,
                now=now,
            )
    except Exception:
        images.delete_files(storage=private_storage(), names=[original, thumbnail])
        raise
    return check


def precheck_review(
    *,
    appointment: Appointment,
    user,
    verdicts: dict[int, tuple[str, str]],
    now: datetime | None = None,
) -> int:
    """Mark photos of the booking {check id: (合格 | 需补正, note)}; 需补正 needs a
    note saying what is missing. Tells the citizen once. Returns how many changed."""
    now = now or timezone.now()
    require_may_act_for(user, appointment.department_id)
    errors = []
    for result, note in verdicts.values():
        if result not in (Result.PASSED, Result.NEEDS_FIX):
            errors.append(_("预检结果只能是合格或需补正。"))
        elif result == Result.NEEDS_FIX and not note.strip():
            errors.append(_("需补正的材料请写明需要补正什么。"))
    if errors:
        raise ValidationError({"note": errors})
    changed = 0
    with transaction.atomic():
        checks = appointment.materials.select_for_update().filter(pk__in=list(verdicts))
        for check in checks:
            result, note = verdicts[check.pk]
            if (check.result, check.note) == (result, note.strip()):
                continue
            check.result, check.note = result, note.strip()[:200]
            check.checked_by, check.checked_at = user, now
            check.save(update_fields=["result", "note", "checked_by", "checked_at"])
            changed += 1
        if changed:
            event = event_write(
                appointment=appointment,
                action=AppointmentEvent.Action.PRECHECK_MARK,
                actor=user,
                data={"changed": changed},
                now=now,
            )
            notices.precheck_reviewed(appointment, event=event)
    return changed
