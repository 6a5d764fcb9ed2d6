"""Files leave storage with their poster or photo, however it goes (service, admin,
bulk delete, an album taking its photos), once the deletion commits; a replaced
image's files go too, and a rolled-back deletion keeps them."""

import pytest
from django.db import transaction
from django.urls import reverse

from media_gallery import services
from media_gallery.models import Album, Photo, Poster
from tests.media_gallery.conftest import (
    all_exist,
    jpeg,
    none_exist,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def test_deleting_a_poster_removes_its_files(
    make_poster, django_capture_on_commit_callbacks
):
    poster = make_poster()
    names = poster.file_names
    assert all_exist(names)

    with django_capture_on_commit_callbacks(execute=True):
        services.poster_delete(poster=poster)

    assert none_exist(names)


def test_deleting_a_photo_removes_its_three_files_and_frees_the_cover(
    make_album, django_capture_on_commit_callbacks
):
    album = make_album(photos=2)
    photo = album.photos.first()
    services.album_set_cover(album=album, photo=photo)
    names = photo.file_names
    assert len(names) == 3
    assert all_exist(names)

    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(photo=photo)

    assert none_exist(names)
    assert Album.objects.get(pk=album.pk).cover is None


def test_deleting_an_album_removes_every_photos_files(
    make_album, settings, django_capture_on_commit_callbacks
):
    album = make_album(photos=3)
    assert len(stored_files(settings)) == 9

    with django_capture_on_commit_callbacks(execute=True):
        services.album_delete(album=album)

    assert stored_files(settings) == []
    assert not Photo.objects.exists()


def test_a_rolled_back_deletion_keeps_the_files(
    make_poster, django_capture_on_commit_callbacks
):
    poster = make_poster()
    names, pk = poster.file_names, poster.pk

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.poster_delete(poster=poster)
        raise RuntimeError("something after the delete failed")

    assert Poster.objects.filter(pk=pk).exists()
    assert all_exist(names)


def test_replacing_a_posters_image_removes_the_old_files_on_commit(
    make_poster, django_capture_on_commit_callbacks
):
    poster = make_poster()
    old = poster.file_names

    with django_capture_on_commit_callbacks(execute=True):
        services.poster_update_image(poster=poster, image=upload(jpeg(1600, 800)))

    poster.refresh_from_db()
    assert none_exist(old)
    assert all_exist(poster.file_names)
    assert poster.width == 1600


def test_a_rolled_back_replacement_keeps_the_old_files(
    make_poster, django_capture_on_commit_callbacks
):
    poster = make_poster()
    old = poster.file_names

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.poster_update_image(poster=poster, image=upload())
        raise RuntimeError("rolled back")

    assert all_exist(old)


def test_the_admins_bulk_delete_removes_every_posters_files(
    admin_client, make_poster, settings, django_capture_on_commit_callbacks
):
    posters = [make_poster(title=f"海报{n}") for n in range(3)]
    assert len(stored_files(settings)) == 6

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:media_gallery_poster_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [p.pk for p in posters],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert not Poster.objects.exists()
    assert stored_files(settings) == []


def test_the_admins_bulk_delete_of_albums_removes_their_photos_files(
    admin_client, make_album, settings, django_capture_on_commit_callbacks
):
    albums = [make_album(title=f"相册{n}", photos=2) for n in range(2)]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:media_gallery_album_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [a.pk for a in albums],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert not Album.objects.exists()
    assert stored_files(settings) == []


def test_deleting_a_photo_in_the_album_page_removes_its_files(
    admin_client, make_album, django_capture_on_commit_callbacks
):
    album = make_album(photos=2)
    first, second = album.photos.all()
    data = {
        "title": album.title,
        "description": "",
        "department": "",
        "cover": "",
        "is_published": "on",
        "published_on": album.published_on.isoformat(),
        "photos-TOTAL_FORMS": "2",
        "photos-INITIAL_FORMS": "2",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for index, photo in enumerate([first, second]):
        data |= {
            f"photos-{index}-id": photo.pk,
            f"photos-{index}-album": album.pk,
            f"photos-{index}-caption": "",
            f"photos-{index}-taken_on": "",
            f"photos-{index}-sort_order": photo.sort_order,
        }
    data["photos-0-DELETE"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:media_gallery_album_change", args=[album.pk]), data
        )

    assert response.status_code == 302, response.context["errors"]
    assert list(album.photos.all()) == [second]
    assert none_exist(first.file_names)
    assert all_exist(second.file_names)
