"""Error pages are Chinese everywhere: JSON under /api/, back-office pages under
/admin/, pages in the H5 look elsewhere; the 500 page needs neither the database
nor a request context. (pytest-django runs with DEBUG off, so these are the pages
visitors see, not Django's technical ones.)"""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from cases import services
from portal import errors

pytestmark = pytest.mark.django_db

ENGLISH = ("Not Found", "Forbidden", "Server Error", "Bad Request")


def _case(department):
    submission = services.CaseSubmission(
        kind="consultation",
        title="社保转移怎么办理",
        content="从外地调入，社保关系如何转移？",
        department_id=department.id,
        contact_name="王小明",
        contact_phone="13812345678",
        channel="h5",
    )
    return services.case_submit(submission=submission).case


def assert_h5_page(response, status, title):
    content = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="zh-CN">' in content
    assert f'<h1 class="screen-title">{title}</h1>' in content
    assert "h5/app.css" in content
    assert '<a class="btn btn-primary btn-block" href="/">返回首页</a>' in content
    assert not any(word in content for word in ENGLISH)


def assert_admin_page(response, status, title):
    content = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in content
    assert "admin/css/base.css" in content
    assert "微政务管理后台" in content
    assert '<a href="/admin/">返回后台首页</a>' in content
    assert not any(word in content for word in ENGLISH)


def test_an_unknown_page_is_a_chinese_h5_page(client):
    assert_h5_page(client.get("/no-such-page/"), 404, "页面不存在")


def test_an_unknown_api_url_is_json_in_chinese(client):
    response = client.get("/api/v1/nope/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "没有这个接口，请检查网址。"}


def test_the_qr_page_without_a_target_is_an_admin_404(login, officer_a):
    response = login(officer_a).get("/admin/qr/")

    assert_admin_page(response, 404, "页面不存在")
    # The usual header: the officer is still in the back office.
    assert "officer_a" in response.content.decode()


def test_a_case_outside_the_officers_scope_is_an_admin_404(
    login, officer_a, department_b
):
    case = _case(department_b)

    response = login(officer_a).get(reverse("admin:cases_case_change", args=[case.pk]))

    assert_admin_page(response, 404, "页面不存在")
    assert case.title not in response.content.decode()


def test_an_admin_page_the_officer_may_not_open_is_an_admin_403(login, officer_a):
    response = login(officer_a).get("/admin/auth/user/")

    assert_admin_page(response, 403, "没有权限")


def test_a_bad_host_is_a_chinese_400_without_a_user(client, settings):
    # DisallowedHost is raised before the authentication middleware runs.
    settings.ALLOWED_HOSTS = ["testserver"]

    admin = client.get("/admin/", HTTP_HOST="evil.example")
    h5 = client.get("/", HTTP_HOST="evil.example")
    api = client.get("/api/v1/departments/", HTTP_HOST="evil.example")

    assert_admin_page(admin, 400, "请求有误")
    assert_h5_page(h5, 400, "请求有误")
    assert api.status_code == 400
    assert api.json() == {"detail": "无法处理这个请求，请检查后重试。"}


def test_a_crash_on_the_home_page_is_a_chinese_500(client, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr("portal.views.h5_import_map", broken)
    client.raise_request_exception = False

    assert_h5_page(client.get("/"), 500, "服务暂时不可用")


@pytest.mark.parametrize(
    ("path", "area"),
    [("/admin/cases/case/", "admin"), ("/about/", "h5"), ("/api/v1/cases/", "api")],
)
def test_the_500_page_needs_no_database_and_no_user(
    path, area, django_assert_num_queries
):
    # A bare request: no session, no user, as when the middleware itself failed.
    request = RequestFactory().get(path)

    with django_assert_num_queries(0):
        response = errors.server_error(request)

    if area == "api":
        assert response.status_code == 500
        assert json.loads(response.content) == {
            "detail": "服务暂时不可用，请稍后再试。"
        }
    elif area == "admin":
        assert_admin_page(response, 500, "服务暂时不可用")
    else:
        assert_h5_page(response, 500, "服务暂时不可用")


def test_the_500_page_survives_a_broken_template(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)

    response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()
    assert '<a href="/">返回首页</a>' in response.content.decode()


def test_a_403_outside_the_admin_is_an_h5_page():
    response = errors.permission_denied(RequestFactory().get("/x/"), PermissionDenied())

    assert_h5_page(response, 403, "没有权限")


def test_monitors_may_check_the_home_page_and_health_with_head(client):
    assert client.head("/").status_code == 200
    assert client.head("/healthz").status_code == 200


def test_staff_sent_off_site_after_login_land_on_the_back_office(client, officer_a):
    response = client.post(
        "/admin/login/?next=http://evil.example/",
        {
            "username": "officer_a",
            "password": "pass-12345!",
            "next": "http://evil.example/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
