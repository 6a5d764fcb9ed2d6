"""GET /api/v1/posters/: what shows now, in order, with phone-sized images, links
resolved, and cheap revalidation (ETag, 304)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from media_gallery.models import Poster
from tests.factories import DepartmentFactory, ServiceTypeFactory
from tests.media_gallery.conftest import jpeg, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/posters/"
NOW = timezone.make_aware(datetime(2026, 6, 1, 12, 0))


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def _titles(api_client):
    response = api_client.get(URL)
    assert response.status_code == 200
    return [poster["title"] for poster in response.json()]


def test_it_shows_only_active_posters_inside_their_window(
    api_client, make_poster, frozen
):
    hour = timedelta(hours=1)
    make_poster(title="进行中", starts_at=NOW - hour, ends_at=NOW + hour)
    make_poster(title="长期", starts_at=NOW - hour, ends_at=None)
    make_poster(title="刚开始", starts_at=NOW)
    make_poster(title="未开始", starts_at=NOW + timedelta(seconds=1))
    make_poster(title="已结束", starts_at=NOW - 2 * hour, ends_at=NOW - hour)
    make_poster(title="正好结束", starts_at=NOW - hour, ends_at=NOW)
    make_poster(title="已停用", starts_at=NOW - hour, is_active=False)

    assert sorted(_titles(api_client)) == sorted(["进行中", "长期", "刚开始"])


def test_it_lists_posters_by_sort_order(api_client, make_poster):
    make_poster(title="第三", sort_order=30)
    make_poster(title="第一", sort_order=10)
    make_poster(title="第二", sort_order=20)

    assert _titles(api_client) == ["第一", "第二", "第三"]


def test_it_hides_posters_of_an_inactive_department(api_client, make_poster):
    make_poster(title="停用部门", department=DepartmentFactory(is_active=False))
    make_poster(title="全市")

    assert _titles(api_client) == ["全市"]


def test_it_gives_a_750_px_rendition_and_the_original_with_sizes(
    api_client, make_poster
):
    make_poster(image=upload(jpeg(2000, 1000)))

    poster = api_client.get(URL).json()[0]

    assert poster["image"]["width"] == 750
    assert poster["image"]["height"] == 375
    assert poster["original"]["width"] == 2000
    assert poster["original"]["height"] == 1000
    assert poster["image"]["url"].startswith("http://testserver/media/gallery/posters/")
    assert poster["original"]["url"] != poster["image"]["url"]


def test_a_small_poster_is_not_upscaled(api_client, make_poster):
    make_poster(image=upload(jpeg(600, 200)))

    poster = api_client.get(URL).json()[0]

    assert (poster["image"]["width"], poster["image"]["height"]) == (600, 200)


def test_it_resolves_each_kind_of_link(api_client, make_poster):
    department = DepartmentFactory(name="环境保护局")
    service = ServiceTypeFactory(name="失业登记")
    make_poster(title="无", sort_order=1)
    make_poster(
        title="部门", sort_order=2, link_type="department", link_department=department
    )
    make_poster(
        title="服务", sort_order=3, link_type="service_type", link_service_type=service
    )
    make_poster(
        title="表单", sort_order=4, link_type="case_form", link_case_kind="complaint"
    )
    make_poster(
        title="网址", sort_order=5, link_type="url", link_url="https://www.gov.cn/"
    )

    links = [poster["link"] for poster in api_client.get(URL).json()]

    assert links == [
        None,
        {"type": "department", "id": department.id, "title": "环境保护局"},
        {
            "type": "service_type",
            "id": service.id,
            "title": "失业登记",
            "department_id": service.window.department_id,
        },
        {"type": "case_form", "kind": "complaint", "title": "投诉举报"},
        {"type": "url", "url": "https://www.gov.cn/"},
    ]


def test_a_link_the_public_cannot_open_is_no_link(api_client, make_poster):
    closed = ServiceTypeFactory(window__is_active=False)
    make_poster(link_type="service_type", link_service_type=closed)
    make_poster(
        link_type="department", link_department=DepartmentFactory(is_active=False)
    )

    assert [p["link"] for p in api_client.get(URL).json()] == [None, None]


def test_it_answers_304_to_a_revalidation_while_nothing_changed(
    api_client, make_poster, frozen
):
    make_poster()
    first = api_client.get(URL)

    again = api_client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["ETag"].startswith('"posters-')
    assert "public" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]
    assert "Cookie" not in first.get("Vary", "")
    assert again.status_code == 304
    assert again.content == b""
    assert "max-age=60" in again["Cache-Control"]


def test_the_etag_changes_when_a_poster_changes(api_client, make_poster, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    poster = make_poster()
    etag = api_client.get(URL)["ETag"]

    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(seconds=1))
    poster.title = "新标题"
    poster.save()
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response.json()[0]["title"] == "新标题"


def test_the_etag_changes_when_a_poster_is_deleted(api_client, make_poster, frozen):
    make_poster(title="甲")
    make_poster(title="乙").delete()
    etag = api_client.get(URL)["ETag"]

    Poster.objects.get(title="甲").delete()

    assert api_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_etag_changes_when_a_window_opens_without_any_edit(
    api_client, make_poster, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    make_poster(title="明天", starts_at=NOW + timedelta(minutes=1))
    before = api_client.get(URL)

    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(minutes=2))
    after = api_client.get(URL, HTTP_IF_NONE_MATCH=before["ETag"])

    assert before.json() == []
    assert after.status_code == 200
    assert [p["title"] for p in after.json()] == ["明天"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_queries_for_3_or_30_posters(
    api_client, make_poster, django_assert_max_num_queries, count
):
    department = DepartmentFactory()
    service = ServiceTypeFactory()
    for n in range(count):
        link = [
            {"department": department},
            {"link_type": "department", "link_department": department},
            {"link_type": "service_type", "link_service_type": service},
        ][n % 3]
        make_poster(title=f"海报{n}", **link)

    # One aggregate for the ETag, one select for the posters.
    with django_assert_max_num_queries(2):
        response = api_client.get(URL)

    assert len(response.json()) == count


def test_the_api_schema_describes_the_gallery_endpoints(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )

    schema = response.json()
    assert {"/api/v1/posters/", "/api/v1/albums/", "/api/v1/albums/{id}/"} <= set(
        schema["paths"]
    )
    assert "GalleryImage" in schema["components"]["schemas"]
