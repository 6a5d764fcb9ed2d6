"""Shared helpers for the cases tests: real submissions, payloads and photos.

Cases are made through `cases.services.case_submit`, never with a model factory, so
every test case has a real number, query-code hash, due date and first event.
"""

import re
import threading
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import ExifTags, Image
from sequences.models import Sequence

from cases import services
from cases.models import Case
from tests.factories import DepartmentFactory

SUBMIT_URL = "/api/v1/cases/"
LOOKUP_URL = "/api/v1/cases/lookup/"
PUBLIC_URL = "/api/v1/cases/public/"

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def submit_case(*, photos=(), idempotency_key=None, actor=None, now=None, **overrides):
    """Submit a case through the service and return its `SubmittedCase`.

    `department` may be a Department (one is created when it is left out); every
    other keyword overrides a `CaseSubmission` field.
    """
    department = overrides.pop("department", None) or DepartmentFactory()
    service_type = overrides.pop("service_type", None)
    fields = {
        "kind": Case.Kind.CONSULTATION,
        "title": "社保卡补办咨询",
        "content": "请问社保卡丢失后在哪里补办，需要带哪些材料？",
        "department_id": department.id,
        "service_type_id": service_type.id if service_type else None,
        "channel": Case.Channel.H5,
        "contact_name": "王小明",
        "contact_phone": "13812345678",
    }
    if overrides.get("kind") == Case.Kind.COMPLAINT:
        fields["complainee"] = "某某小区物业公司"
    fields.update(overrides)
    return services.case_submit(
        submission=services.CaseSubmission(**fields),
        photos=photos,
        idempotency_key=idempotency_key,
        actor=actor,
        now=now,
    )


def payload(department, /, **overrides):
    """A valid consultation as the H5 page posts it; keywords replace fields."""
    body = {
        "kind": "consultation",
        "title": "社保卡补办咨询",
        "content": "请问社保卡丢失后在哪里补办，需要带哪些材料？",
        "department": department.id,
        "contact_name": "王小明",
        "contact_phone": "13812345678",
    }
    body.update(overrides)
    return body


def complaint_payload(department, /, **overrides):
    fields = {
        "kind": "complaint",
        "title": "小区夜间施工噪音扰民",
        "content": "某某工地每天夜里十一点后仍在施工，噪音很大，影响休息。",
        "complainee": "某某建筑工程有限公司",
    }
    fields.update(overrides)
    return payload(department, **fields)


def encode(image, fmt="JPEG", **options):
    buffer = BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def jpeg_bytes(size=(64, 48), color="red", **options):
    return encode(Image.new("RGB", size, color), "JPEG", **options)


def png_bytes(size=(64, 48), color="blue", mode="RGB"):
    return encode(Image.new(mode, size, color), "PNG")


def gps_jpeg_bytes(size=(800, 600)):
    """A JPEG carrying the GPS position of where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 40.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (117.0, 1.0, 30.0)
    return jpeg_bytes(size, "green", exif=exif)


def photo(data=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(
        name, jpeg_bytes() if data is None else data, content_type=content_type
    )


def media_files():
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def sequence_rows():
    return sorted(Sequence.objects.values_list("name", "last"))


def is_chinese(message):
    return bool(CHINESE.search(str(message)))


def run_in_threads(target, count: int) -> list[BaseException]:
    """Run `target` in `count` threads at once, each with its own database
    connection; return what they raised (reported by the test, not swallowed)."""
    errors: list[BaseException] = []

    def run():
        try:
            target()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors
