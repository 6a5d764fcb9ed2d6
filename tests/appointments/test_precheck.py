"""预检: the citizen's photo of a listed material, checked like a case photo and
private; the window marks each 合格 or 需补正 with a note, and the citizen is
told once and sees the result on the booking."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from appointments import services
from appointments.models import Appointment, MaterialCheck
from notifications.models import Message
from tests.appointments.conftest import OTHER_PHONE, at, book, signed_in_client
from tests.cases.helpers import media_files, photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("schedule", "monday")]


@pytest.fixture
def number(service, citizen):
    return book(citizen, service, at(date(2026, 12, 8), 10)).json()["number"]


def _upload(client, number, material="身份证原件", upload=None):
    return client.post(
        f"/api/v1/appointments/{number}/materials/",
        {"material": material, "photo": upload or photo()},
        format="multipart",
    )


def test_a_listed_materials_photo_is_taken_and_shown_pending(citizen, number):
    response = _upload(citizen, number)
    assert response.status_code == 201, response.content
    assert response.json()["result_label"] == "待预检"
    detail = citizen.get(f"/api/v1/me/appointments/{number}/").json()
    assert [(p["material"], p["result"]) for p in detail["precheck"]] == [
        ("身份证原件", "pending")
    ]
    assert all(name.startswith("appointments/precheck/") for name in media_files())


def test_a_material_not_on_the_list_is_400_naming_it(citizen, number):
    response = _upload(citizen, number, material="户口本")
    assert response.status_code == 400
    assert "material" in response.json()
    assert not MaterialCheck.objects.exists()


def test_a_file_that_is_no_image_is_400_and_nothing_is_stored(citizen, number):
    fake = photo(
        data=b"%PDF-1.7 not an image", name="scan.pdf", content_type="application/pdf"
    )
    response = _upload(citizen, number, upload=fake)
    assert response.status_code == 400
    assert "photo" in response.json()
    assert media_files() == []


def test_the_photo_is_never_public_media_and_only_its_owner_opens_it(
    citizen, number, client
):
    check_id = _upload(citizen, number).json()["id"]
    stored = MaterialCheck.objects.get(pk=check_id)
    assert client.get(f"/media/{stored.thumbnail}").status_code == 404
    url = f"/api/v1/me/appointments/{number}/materials/{check_id}/photo"
    own = citizen.get(url)
    assert own.status_code == 200 and own["Cache-Control"] == "private, no-store"
    assert signed_in_client(OTHER_PHONE).get(url).status_code == 404


def test_the_window_marks_each_photo_and_the_citizen_is_told_once(
    citizen, number, officer_a, templates
):
    first = _upload(citizen, number).json()["id"]
    second = _upload(citizen, number, material="一寸照片").json()["id"]
    booking = Appointment.objects.get(number=number)
    changed = services.precheck_review(
        appointment=booking,
        user=officer_a,
        verdicts={first: ("passed", ""), second: ("needs_fix", "照片须为白底")},
    )
    assert changed == 2
    message = Message.objects.get(event="appointment.precheck")
    assert "合格1项，需补正1项" in message.text
    detail = citizen.get(f"/api/v1/me/appointments/{number}/").json()
    assert {
        p["material"]: (p["result_label"], p["note"]) for p in detail["precheck"]
    } == {
        "身份证原件": ("合格", ""),
        "一寸照片": ("需补正", "照片须为白底"),
    }


def test_needs_fix_without_a_note_is_refused(citizen, number, officer_a):
    check = _upload(citizen, number).json()["id"]
    with pytest.raises(ValidationError, match="写明"):
        services.precheck_review(
            appointment=Appointment.objects.get(number=number),
            user=officer_a,
            verdicts={check: ("needs_fix", " ")},
        )
    assert MaterialCheck.objects.get(pk=check).result == "pending"
