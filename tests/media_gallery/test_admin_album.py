"""The album page of the back office: many photos at once from one multiple-file
field, thumbnails in the photo list, order and cover chosen there."""

import pytest
from django.urls import reverse

from media_gallery.models import Album, Photo
from tests.media_gallery.conftest import all_exist, gps_jpeg, jpeg, stored_files, upload

pytestmark = pytest.mark.django_db


def _album_form(album=None, photos=(), **overrides):
    data = {
        "title": album.title if album else "政务服务大厅开放日",
        "description": "",
        "department": (album.department_id or "") if album else "",
        "cover": "",
        "is_published": "on",
        "published_on": "2026-05-01",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(len(photos)),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for index, photo in enumerate(photos):
        data |= {
            f"photos-{index}-id": photo.pk,
            f"photos-{index}-album": photo.album_id,
            f"photos-{index}-caption": photo.caption,
            f"photos-{index}-taken_on": "",
            f"photos-{index}-sort_order": photo.sort_order,
        }
    data.update(overrides)
    return data


def test_a_superuser_uploads_two_photos_at_once(admin_client, make_album):
    album = make_album()
    files = [upload(jpeg(1600, 1200), name="a.jpg"), upload(gps_jpeg(), name="b.jpg")]

    response = admin_client.post(
        reverse("admin:media_gallery_album_change", args=[album.pk]),
        _album_form(album, new_photos=files),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    photos = list(album.photos.all())
    assert len(photos) == 2
    assert [(p.thumbnail_width, p.thumbnail_height) for p in photos] == [
        (320, 240),
        (320, 240),
    ]
    assert all(all_exist(photo.file_names) for photo in photos)
    assert photos[0].large_width == 1280
    assert photos[1].uploaded_by.username == "root"


def test_an_album_is_created_with_its_photos_in_one_go(admin_client):
    response = admin_client.post(
        reverse("admin:media_gallery_album_add"),
        _album_form(new_photos=[upload(), upload(), upload()]),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Album.objects.get().photos.count() == 3


def test_the_album_page_shows_thumbnails_and_offers_only_its_photos_as_cover(
    admin_client, make_album
):
    album = make_album(photos=2)
    other = make_album(title="别的相册", photos=1)

    response = admin_client.get(
        reverse("admin:media_gallery_album_change", args=[album.pk])
    )

    html = response.content.decode()
    for photo in album.photos.all():
        assert photo.thumbnail.url in html
    assert 'type="file"' in html
    assert "multiple" in html
    cover = response.context["adminform"].form.fields["cover"]
    assert set(cover.queryset) == set(album.photos.all())
    assert other.photos.get() not in cover.queryset


def test_staff_reorder_photos_and_pick_the_cover(admin_client, make_album):
    album = make_album(photos=2)
    first, second = album.photos.all()
    first.sort_order, second.sort_order = 20, 10

    response = admin_client.post(
        reverse("admin:media_gallery_album_change", args=[album.pk]),
        _album_form(album, photos=[first, second], cover=second.pk),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(album.photos.all()) == [second, first]
    assert Album.objects.get().cover == second


def test_another_albums_photo_cannot_be_the_cover(admin_client, make_album):
    album = make_album(photos=1)
    stranger = make_album(title="别的相册", photos=1).photos.get()

    response = admin_client.post(
        reverse("admin:media_gallery_album_change", args=[album.pk]),
        _album_form(album, photos=list(album.photos.all()), cover=stranger.pk),
    )

    assert response.status_code == 200
    assert "cover" in response.context["adminform"].form.errors


def test_a_bad_file_in_the_batch_is_a_form_error_and_nothing_is_added(
    admin_client, make_album, settings
):
    album = make_album()

    response = admin_client.post(
        reverse("admin:media_gallery_album_change", args=[album.pk]),
        _album_form(album, new_photos=[upload(), upload(b"%PDF-1.4", name="scan.jpg")]),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["new_photos"] == [
        "scan.jpg：上传的文件不是有效的图片。"
    ]
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def test_an_officer_uploads_photos_to_their_departments_album(
    login, officer_a, department_a, make_album
):
    album = make_album(department=department_a)

    response = login(officer_a).post(
        reverse("admin:media_gallery_album_change", args=[album.pk]),
        _album_form(album, new_photos=[upload(), upload()]),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert album.photos.count() == 2
