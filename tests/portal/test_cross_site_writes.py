"""A hostile page cannot post ratings or cases from its visitors' browsers
(portal/cross_site.py); the H5 page and server-to-server clients still can."""

import pytest
from django.test import Client

from cases.models import Case
from feedback.models import DepartmentImpression
from tests.cases.helpers import SUBMIT_URL, is_chinese, payload
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example"
REFUSED = "不接受来自其他网站的提交，请在微政务页面内操作。"


@pytest.fixture
def department():
    return DepartmentFactory()


def impressions_url(department):
    return f"/api/v1/departments/{department.pk}/impressions/"


def _multipart(client, url, data, **headers):
    # What a cross-site <form enctype="multipart/form-data"> sends: no preflight.
    return client.post(url, data, headers=headers)


def test_a_cross_site_form_cannot_rate_a_department(client, department):
    response = _multipart(
        client, impressions_url(department), {"score": "1"}, Origin=EVIL
    )

    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED}
    assert not DepartmentImpression.objects.exists()


def test_a_cross_site_form_cannot_submit_a_case(client, department):
    response = _multipart(
        client,
        SUBMIT_URL,
        payload(department),
        Origin=EVIL,
        **{"Sec-Fetch-Site": "cross-site"},
    )

    assert response.status_code == 403
    assert is_chinese(response.json()["detail"])
    assert not Case.objects.exists()


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_browser_that_says_another_site_sent_it_is_refused(client, department, site):
    # Sec-Fetch-Site alone (a privacy setting may strip Origin): still refused.
    response = client.post(
        impressions_url(department),
        {"score": 1},
        content_type="application/json",
        headers={"Sec-Fetch-Site": site},
    )

    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED}


def test_a_sandboxed_frame_with_a_null_origin_is_refused(client, department):
    response = client.post(
        impressions_url(department),
        {"score": 1},
        content_type="application/json",
        headers={"Origin": "null"},
    )

    assert response.status_code == 403


def test_the_h5_page_posts_from_its_own_origin(client, department):
    # fetch() from the page: Sec-Fetch-Site same-origin, Origin this site.
    response = client.post(
        impressions_url(department),
        {"score": 5},
        content_type="application/json",
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 201, response.content


def test_an_older_browser_with_only_its_own_origin_passes(client, department):
    response = client.post(
        SUBMIT_URL,
        payload(department),
        content_type="application/json",
        headers={"Origin": "http://testserver"},
    )

    assert response.status_code == 201, response.content


def test_a_server_to_server_client_without_browser_headers_passes(department):
    response = Client().post(
        SUBMIT_URL, payload(department), content_type="application/json"
    )

    assert response.status_code == 201, response.content


def test_a_trusted_origin_may_post(client, department, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://wx.gov.example.cn"]

    response = client.post(
        impressions_url(department),
        {"score": 4},
        content_type="application/json",
        headers={"Origin": "https://wx.gov.example.cn", "Sec-Fetch-Site": "same-site"},
    )

    assert response.status_code == 201, response.content


def test_reads_from_other_sites_are_not_affected(client, department):
    response = client.get(
        "/api/v1/departments/", headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}
    )

    assert response.status_code == 200


def test_a_url_encoded_body_is_refused_as_an_unsupported_type(client, department):
    # The other body a cross-site <form> sends without asking; the H5 never does.
    response = client.post(
        impressions_url(department),
        "score=1",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 415
    assert is_chinese(response.json()["detail"])
    assert not DepartmentImpression.objects.exists()
