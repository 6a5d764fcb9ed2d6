"""Staff manage their own departments' posters and albums; the city-wide ones
belong to supervisors. Another department's row by URL is a 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from media_gallery.models import Album, Poster
from tests.media_gallery.conftest import jpeg, stored_files, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def posters(make_poster, department_a, department_b):
    return {
        "a": make_poster(title="甲部门海报", department=department_a),
        "b": make_poster(title="乙部门海报", department=department_b),
        "city": make_poster(title="全市海报"),
    }


@pytest.fixture
def albums(make_album, department_a, department_b):
    return {
        "a": make_album(title="甲部门相册", department=department_a),
        "b": make_album(title="乙部门相册", department=department_b),
        "city": make_album(title="全市相册"),
    }


def _listed(client, model):
    response = client.get(reverse(f"admin:media_gallery_{model}_changelist"))
    assert response.status_code == 200
    return {obj.title for obj in response.context["cl"].result_list}


def _poster_form(**overrides):
    start = timezone.localtime() - timedelta(hours=1)
    data = {
        "title": "社保卡线上申领",
        "department": "",
        "upload": upload(jpeg(900, 400)),
        "starts_at_0": start.date().isoformat(),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "sort_order": "10",
        "is_active": "on",
        "link_type": "none",
        "link_department": "",
        "link_service_type": "",
        "link_case_kind": "",
        "link_url": "",
    }
    data.update(overrides)
    return data


def test_an_officer_lists_only_their_departments_posters(login, officer_a, posters):
    assert _listed(login(officer_a), "poster") == {"甲部门海报"}


def test_an_officer_lists_only_their_departments_albums(login, officer_a, albums):
    assert _listed(login(officer_a), "album") == {"甲部门相册"}


def test_a_supervisor_lists_every_poster_and_album(login, supervisor, posters, albums):
    client = login(supervisor)

    assert _listed(client, "poster") == {"甲部门海报", "乙部门海报", "全市海报"}
    assert _listed(client, "album") == {"甲部门相册", "乙部门相册", "全市相册"}


@pytest.mark.parametrize("model", ["poster", "album"])
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_another_departments_row_by_url_is_404(
    login, officer_b, posters, albums, model, view
):
    row = {"poster": posters, "album": albums}[model]["a"]
    url = reverse(f"admin:media_gallery_{model}_{view}", args=[row.pk])

    assert login(officer_b).get(url).status_code == 404


def test_a_city_wide_poster_by_url_is_404_for_an_officer(login, officer_a, posters):
    url = reverse("admin:media_gallery_poster_change", args=[posters["city"].pk])

    assert login(officer_a).get(url).status_code == 404


def test_an_officer_edits_their_departments_poster(
    login, officer_a, department_a, posters
):
    poster = posters["a"]
    url = reverse("admin:media_gallery_poster_change", args=[poster.pk])
    data = _poster_form(
        title="改过的标题", department=department_a.pk, upload="", sort_order="5"
    )

    response = login(officer_a).post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    poster.refresh_from_db()
    assert (poster.title, poster.sort_order) == ("改过的标题", 5)


def test_an_officer_adds_a_poster_for_their_department(login, officer_a, department_a):
    response = login(officer_a).post(
        reverse("admin:media_gallery_poster_add"),
        _poster_form(department=department_a.pk),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    poster = Poster.objects.get()
    assert poster.department == department_a
    assert (poster.width_750, poster.height_750) == (750, 333)


def test_an_officer_cannot_create_a_city_wide_poster(login, officer_a, settings):
    response = login(officer_a).post(
        reverse("admin:media_gallery_poster_add"), _poster_form(department="")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["department"] == [
        "请选择海报所属的部门（您负责的部门之一）。"
    ]
    assert not Poster.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("model", ["poster", "album"])
def test_an_officer_is_told_to_choose_one_of_their_departments(login, officer_a, model):
    response = login(officer_a).get(reverse(f"admin:media_gallery_{model}_add"))

    page = response.content.decode()
    assert "请选择您负责的部门之一" in page
    assert "留空为全市" not in page  # a choice officers do not have


@pytest.mark.parametrize("user", ["supervisor", "superuser"])
def test_supervisors_are_told_an_empty_department_makes_a_city_wide_poster(
    login, request, user
):
    client = login(request.getfixturevalue(user))

    page = client.get(reverse("admin:media_gallery_poster_add")).content.decode()

    assert "留空为全市海报" in page
    assert "请选择您负责的部门之一" not in page


def test_an_officer_cannot_give_a_poster_to_another_department(
    login, officer_a, department_b
):
    response = login(officer_a).post(
        reverse("admin:media_gallery_poster_add"),
        _poster_form(department=department_b.pk),
    )

    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    assert not Poster.objects.exists()


def test_the_department_choices_are_the_officers_own(
    login, officer_a, department_a, department_b
):
    response = login(officer_a).get(reverse("admin:media_gallery_poster_add"))

    choices = response.context["adminform"].form.fields["department"].queryset
    assert list(choices) == [department_a]


def test_a_supervisor_creates_and_edits_a_city_wide_poster(login, supervisor):
    client = login(supervisor)

    response = client.post(reverse("admin:media_gallery_poster_add"), _poster_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    poster = Poster.objects.get()
    assert poster.department is None

    response = client.post(
        reverse("admin:media_gallery_poster_change", args=[poster.pk]),
        _poster_form(title="全市通知", upload=""),
    )
    assert response.status_code == 302
    assert Poster.objects.get().title == "全市通知"


def test_an_officer_cannot_create_a_city_wide_album(login, officer_a):
    response = login(officer_a).post(
        reverse("admin:media_gallery_album_add"),
        {
            "title": "全市相册",
            "description": "",
            "department": "",
            "published_on": "2026-05-01",
        },
    )

    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    assert not Album.objects.exists()


def test_a_bad_poster_image_in_the_admin_is_a_form_error(login, supervisor, settings):
    response = login(supervisor).post(
        reverse("admin:media_gallery_poster_add"),
        _poster_form(upload=upload(b"plain text", name="poster.jpg")),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["upload"] == [
        "上传的文件不是有效的图片。"
    ]
    assert stored_files(settings) == []


def test_a_link_mistake_in_the_admin_is_a_form_error(login, supervisor, settings):
    response = login(supervisor).post(
        reverse("admin:media_gallery_poster_add"),
        _poster_form(link_type="url", link_url="http://example.com/"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["link_url"] == [
        "请输入以 https:// 开头的完整网址。"
    ]
    assert stored_files(settings) == []


@pytest.mark.parametrize("model", ["poster", "album"])
def test_an_officer_opens_the_pages_of_their_own_rows(
    login, officer_a, posters, albums, model
):
    client = login(officer_a)
    row = {"poster": posters, "album": albums}[model]["a"]

    for url in (
        reverse(f"admin:media_gallery_{model}_changelist"),
        reverse(f"admin:media_gallery_{model}_add"),
        reverse(f"admin:media_gallery_{model}_change", args=[row.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_the_poster_list_shows_thumbnails(login, supervisor, posters):
    response = login(supervisor).get(reverse("admin:media_gallery_poster_changelist"))

    html = response.content.decode()
    assert all(poster.image_750.url in html for poster in posters.values())
