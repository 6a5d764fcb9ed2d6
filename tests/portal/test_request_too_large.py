"""A body over DATA_UPLOAD_MAX_MEMORY_SIZE is a Chinese 413: JSON under /api/, a
back-office page under /admin/, an H5 page elsewhere (portal/errors.py)."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import RequestFactory

from feedback.models import DepartmentImpression
from portal import errors
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

TOO_BIG = "请求内容过大（不能超过 2 MB），请删减后重试。"


def oversized_json() -> str:
    return json.dumps({"score": 5, "comment": "很好" * (1024 * 1024)})


def test_an_oversized_json_impression_is_a_json_413_in_chinese(client):
    department = DepartmentFactory()

    response = client.post(
        f"/api/v1/departments/{department.pk}/impressions/",
        oversized_json(),
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": TOO_BIG}
    assert not DepartmentImpression.objects.exists()


def test_an_oversized_look_up_is_a_json_413(client):
    response = client.post(
        "/api/v1/cases/lookup/", oversized_json(), content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json() == {"detail": TOO_BIG}


def test_an_oversized_admin_form_is_a_413_back_office_page(client):
    response = client.post("/admin/login/", {"username": "x" * (3 * 1024 * 1024)})

    page = response.content.decode()
    assert response.status_code == 413
    assert "<h1>内容过大</h1>" in page
    assert "提交的内容过大，请删减后重试。" in page
    assert "返回后台首页" in page


def test_an_oversized_body_elsewhere_is_a_413_h5_page():
    request = RequestFactory().post("/anything")

    response = errors.bad_request(request, RequestDataTooBig("too big"))

    page = response.content.decode()
    assert response.status_code == 413
    assert '<html lang="zh-CN">' in page
    assert "内容过大" in page


def test_other_bad_requests_stay_400():
    request = RequestFactory().post("/api/v1/cases/")

    response = errors.bad_request(request, ValueError("anything else"))

    assert response.status_code == 400
