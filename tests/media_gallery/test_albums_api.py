"""GET /api/v1/albums/ and /api/v1/albums/{id}/: published albums with covers and
photo counts, and each album's photos in order with their renditions and sizes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from media_gallery import services
from tests.factories import DepartmentFactory
from tests.media_gallery.conftest import jpeg, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/albums/"


def _titles(response):
    assert response.status_code == 200
    return [album["title"] for album in response.json()["results"]]


def test_it_lists_published_albums_newest_first(api_client, make_album):
    today = timezone.localdate()
    make_album(title="上周", published_on=today - timedelta(days=7))
    make_album(title="今天", published_on=today)
    make_album(title="草稿", is_published=False)
    make_album(title="明天发布", published_on=today + timedelta(days=1))
    make_album(title="停用部门", department=DepartmentFactory(is_active=False))

    assert _titles(api_client.get(URL)) == ["今天", "上周"]


def test_it_paginates(api_client, make_album):
    for n in range(5):
        make_album(title=f"相册{n}")

    body = api_client.get(URL, {"page_size": 2, "page": 2}).json()

    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"] and body["previous"]


def test_it_filters_by_department(api_client, make_album, department_a, department_b):
    make_album(title="甲", department=department_a)
    make_album(title="乙", department=department_b)
    make_album(title="全市")

    response = api_client.get(URL, {"department": department_a.pk})

    assert _titles(response) == ["甲"]
    assert response.json()["results"][0]["department"]["name"] == "劳动和社会保障局"


def test_a_bad_department_filter_is_a_400_in_chinese(api_client):
    response = api_client.get(URL, {"department": "abc"})

    assert response.status_code == 400
    assert response.json() == {"department": ["请填写合法的整数值。"]}


def test_the_list_gives_photo_count_and_the_first_photo_as_cover(
    api_client, make_album
):
    album = make_album(photos=3)
    make_album(title="空相册")
    first = album.photos.first()

    results = {a["title"]: a for a in api_client.get(URL).json()["results"]}

    assert results["便民服务季"]["photo_count"] == 3
    cover = results["便民服务季"]["cover"]
    assert cover["url"] == f"http://testserver{first.thumbnail.url}"
    assert (cover["width"], cover["height"]) == (64, 48)
    assert results["空相册"] == results["空相册"] | {"photo_count": 0, "cover": None}


def test_a_chosen_cover_wins_over_the_first_photo(api_client, make_album):
    album = make_album(photos=3)
    chosen = album.photos.last()
    services.album_set_cover(album=album, photo=chosen)

    (result,) = api_client.get(URL).json()["results"]

    assert result["cover"]["url"].endswith(chosen.thumbnail.url)


def test_the_detail_lists_photos_in_order_with_renditions(api_client, make_album):
    album = make_album()
    services.photos_add(
        album=album, files=[upload(jpeg(2560, 1440)), upload(jpeg(200, 300))]
    )
    tall, wide = album.photos.order_by("-sort_order")
    tall.sort_order = 1
    tall.caption = "排到最前"
    tall.save()

    body = api_client.get(f"{URL}{album.pk}/").json()

    assert body["photo_count"] == 2
    assert [p["id"] for p in body["photos"]] == [tall.pk, wide.pk]
    first, second = body["photos"]
    assert first["caption"] == "排到最前"
    assert (
        first["thumbnail"]["width"] == first["large"]["width"] == 200
    )  # never upscaled
    assert first["large"]["height"] == 300
    assert second["thumbnail"] | {"url": ""} == {"url": "", "width": 320, "height": 180}
    assert second["large"] | {"url": ""} == {"url": "", "width": 1280, "height": 720}
    assert second["large"]["url"].startswith("http://testserver/media/gallery/photos/")
    assert body["cover"]["url"] == first["thumbnail"]["url"]


@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {"published_on": timezone.localdate() + timedelta(days=3)},
    ],
)
def test_an_unpublished_album_is_404(api_client, make_album, fields):
    album = make_album(**fields)

    response = api_client.get(f"{URL}{album.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_a_non_numeric_id_is_404(api_client):
    assert api_client.get(f"{URL}abc/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_queries_for_3_or_30_albums(
    api_client, make_album, django_assert_max_num_queries, count
):
    department = DepartmentFactory()
    for n in range(count):
        album = make_album(title=f"相册{n}", department=department if n % 2 else None)
        services.photos_add(album=album, files=[upload(jpeg(40, 30))])
        if n % 3 == 0:
            services.album_set_cover(album=album, photo=album.photos.get())

    # count, albums (with department, cover and photo count), first photos.
    with django_assert_max_num_queries(3):
        response = api_client.get(URL, {"page_size": 100})

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_detail_takes_the_same_queries_for_3_or_30_photos(
    api_client, make_album, django_assert_max_num_queries, count
):
    album = make_album(photos=count)

    with django_assert_max_num_queries(2):
        response = api_client.get(f"{URL}{album.pk}/")

    assert len(response.json()["photos"]) == count
