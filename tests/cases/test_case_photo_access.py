"""Case photos are personal data: only the citizen's look-up links and staff in scope
open them, never anyone who has (or guesses) the path (cases/photos.py).

The attack: a case photo's URL (from a shared screen, a proxy log, a browser
history) opened by anyone, and kept by shared caches for a day.
"""

import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from cases import photos
from tests.cases.helpers import LOOKUP_URL, jpeg_bytes, photo, submit_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(department_a):
    return submit_case(department=department_a, photos=[photo(jpeg_bytes())])


@pytest.fixture
def stored(submitted):
    return submitted.case.attachments.get()


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def looked_up_links(api_client, submitted):
    body = api_client.post(
        LOOKUP_URL,
        {"number": submitted.case.number, "query_code": submitted.query_code},
        format="json",
    ).json()
    [attachment] = body["attachments"]
    return attachment


@pytest.mark.parametrize("field", ["image", "thumbnail"])
def test_nobody_opens_a_case_photo_by_its_path(stored, field):
    path = getattr(stored, field).url

    response = Client().get(path)

    assert response.status_code == 404


def test_a_dotted_path_does_not_reach_a_case_photo_as_a_public_file(stored):
    response = Client().get(f"/media/gallery/../{stored.image.name}")

    assert response.status_code == 404


def test_the_look_up_links_open_the_photos_privately(api_client, submitted, stored):
    links = looked_up_links(api_client, submitted)

    image = Client().get(path_of(links["image"]))
    thumbnail = Client().get(path_of(links["thumbnail"]))

    assert image.status_code == 200
    assert b"".join(image.streaming_content) == stored.image.read()
    assert thumbnail.status_code == 200
    for response in (image, thumbnail):
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_link_opens_only_the_file_it_was_made_for(api_client, submitted, stored):
    links = looked_up_links(api_client, submitted)
    token = urlsplit(links["thumbnail"]).query

    response = Client().get(f"{stored.image.url}?{token}")

    assert response.status_code == 404


def test_a_link_stops_working_after_its_maximum_age(settings, stored):
    settings.CASE_PHOTO_LINK_MAX_AGE = 3600
    made_at = time.time() - 3601
    with mock.patch("django.core.signing.time.time", return_value=made_at):
        expired = photos.photo_link(name=stored.image.name)
    fresh = photos.photo_link(name=stored.image.name)

    assert Client().get(expired).status_code == 404
    assert Client().get(fresh).status_code == 200


def test_a_forged_link_is_refused(stored):
    response = Client().get(f"{stored.image.url}?link=1abcde:forgedsignature")

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["officer_a", "supervisor"])
def test_staff_whose_scope_covers_the_case_see_its_photos(request, login, stored, role):
    client = login(request.getfixturevalue(role))

    image = client.get(stored.image.url)
    thumbnail = client.get(stored.thumbnail.url)

    assert (image.status_code, thumbnail.status_code) == (200, 200)
    assert image["Cache-Control"] == "private, no-store"


def test_staff_of_another_department_do_not(login, officer_b, stored):
    client = login(officer_b)

    assert client.get(stored.image.url).status_code == 404
    assert client.get(stored.thumbnail.url).status_code == 404


def test_a_deleted_photo_is_a_404_even_with_a_link(stored):
    link = photos.photo_link(name=stored.image.name)
    default_storage.delete(stored.image.name)

    assert Client().get(link).status_code == 404


def test_behind_nginx_the_portal_decides_and_nginx_sends_the_file(settings, stored):
    settings.CASE_PHOTO_ACCEL_REDIRECT = "/protected-media/"

    response = Client().get(photos.photo_link(name=stored.image.name))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{stored.image.name}"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b""


@pytest.mark.parametrize(
    "name", ["gallery/photos/2026/11/p.jpg", "departments/logos/hrss.png"]
)
def test_gallery_pictures_and_logos_stay_public_and_cacheable(name):
    default_storage.save(name, ContentFile(jpeg_bytes()))

    response = Client().get(f"/media/{name}")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


def test_without_serve_media_case_photos_still_come_through_the_portal(
    settings, stored
):
    # nginx serves the public media then and sends /media/cases/ here.
    settings.SERVE_MEDIA = False
    default_storage.save("gallery/photos/p.jpg", ContentFile(jpeg_bytes()))

    assert Client().get(photos.photo_link(name=stored.image.name)).status_code == 200
    assert Client().get("/media/gallery/photos/p.jpg").status_code == 404
