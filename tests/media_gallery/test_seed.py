"""`seed_demo` adds a few posters and two albums of generated photos, once."""

import pytest
from django.core.management import call_command

from media_gallery.models import Album, Photo, Poster
from tests.media_gallery.conftest import all_exist, stored_files

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_posters_and_two_albums_of_photos(api_client):
    call_command("seed_demo", verbosity=0)

    assert Poster.objects.count() >= 3
    assert {p.link_type for p in Poster.objects.all()} >= {
        "url",
        "department",
        "service_type",
        "case_form",
    }
    assert Poster.objects.filter(department__isnull=True).exists()
    assert Album.objects.count() == 2
    assert all(album.photos.count() >= 3 for album in Album.objects.all())
    assert all(all_exist(photo.file_names) for photo in Photo.objects.all())
    posters = api_client.get("/api/v1/posters/").json()
    assert len(posters) == Poster.objects.count()
    assert all(poster["link"] for poster in posters)
    assert len(api_client.get("/api/v1/albums/").json()["results"]) == 2


def test_a_second_seed_adds_no_row_and_no_file(settings):
    call_command("seed_demo", verbosity=0)
    counts = (Poster.objects.count(), Album.objects.count(), Photo.objects.count())
    files = stored_files(settings)

    call_command("seed_demo", verbosity=0)

    assert (Poster.objects.count(), Album.objects.count(), Photo.objects.count()) == (
        counts
    )
    assert stored_files(settings) == files
