"""Keys in the back office: supervisors issue them (shown once, kept hashed),
limit them, revoke them and read their log; nobody else sees the pages."""

import re

import pytest
from django.db import connection

from open311 import services
from open311.models import ApiClient, ApiKeyUse
from tests.open311.conftest import complaint

pytestmark = pytest.mark.django_db

ADD = "/admin/open311/apiclient/add/"
LIST = "/admin/open311/apiclient/"


def _issue_through_the_admin(client, **fields):
    form = {
        "name": "网格化管理平台",
        "contact": "张工 0571-88000000",
        "rate_limit": "120/hour",
        "allowed_services": "complaint\nconsultation",
        "expiry_date_0": "",
        "expiry_date_1": "",
        **fields,
    }
    return client.post(ADD, form)


def test_a_supervisor_sees_the_key_once_and_it_is_kept_hashed(login, supervisor, post):
    response = _issue_through_the_admin(login(supervisor))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "密钥只显示这一次" in page
    key = re.search(r'value="([A-Za-z0-9]{8}\.[A-Za-z0-9]{32})"', page).group(1)
    stored = ApiClient.objects.get()
    assert stored.created_by == supervisor
    assert stored.prefix == key.partition(".")[0]
    assert key not in stored.hashed_key and key.partition(".")[2] not in stored.id
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM open311_apiclient")
        assert key.partition(".")[2] not in str(cursor.fetchall())
    # The client's own page never shows it again.
    again = login(supervisor).get(f"{LIST}{stored.pk}/change/").content.decode()
    assert key not in again
    assert post(complaint(key)).status_code == 201


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rate_limit": "lots"}, "频率限制的格式"),
        ({"allowed_services": "complaint\nno-such"}, "没有这些服务编码：no-such"),
    ],
)
def test_a_wrong_field_is_named(login, supervisor, fields, message):
    response = _issue_through_the_admin(login(supervisor), **fields)

    assert message in response.content.decode()
    assert not ApiClient.objects.exists()


def test_revoking_from_the_list(login, supervisor, issue, post):
    api_client, key = issue()
    response = login(supervisor).post(
        LIST, {"action": "revoke", "_selected_action": [api_client.pk]}
    )

    assert response.status_code == 302
    api_client.refresh_from_db()
    assert api_client.revoked and api_client.revoked_at
    assert post(complaint(key)).status_code == 403


def test_officers_see_no_keys(login, officer_a, issue):
    issue()
    officer_a.is_staff = True
    officer_a.save()
    client = login(officer_a)

    assert client.get(LIST).status_code in (302, 403)
    assert client.get("/admin/open311/apikeyuse/").status_code in (302, 403)
    with pytest.raises(services.PermissionDenied):
        services.client_issue(actor=officer_a, name="自己签发")


def test_the_log_is_readable_and_pruned_after_six_months(
    login, supervisor, issue, post
):
    from datetime import timedelta

    from django.utils import timezone

    _api_client, key = issue()
    post(complaint(key))
    page = login(supervisor).get("/admin/open311/apikeyuse/").content.decode()
    assert "/open311/v2/requests.json" in page
    ApiKeyUse.objects.update(used_at=timezone.now() - timedelta(days=200))
    post(complaint(key, service_code=None))

    assert services.key_uses_prune(now=timezone.now(), keep_days=183) == 1
    assert ApiKeyUse.objects.get().status_code == 400
