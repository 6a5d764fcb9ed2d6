"""POST /api/v1/me/wechat/: WeChat's OAuth `code` (snsapi_base) exchanged through
wechatpy against a local fake of api.weixin.qq.com for the openid, which stays in
the session (never in an answer or a log) and goes, encrypted, with the cases
submitted from that session (notifications/wechat_oauth.py)."""

import logging

import pytest
from django.contrib.sessions.models import Session

from cases.models import Case
from notifications import crypto
from tests.cases.helpers import SUBMIT_URL, payload
from tests.notifications.fake_providers import OPENID, SHORT_TIMEOUT

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/wechat/"
CODE = "081aBcDeF0gHiJ1kLmN2oPqRsT3uVwXy"


def link(client, code=CODE, ip="10.0.0.9"):
    return client.post(URL, {"code": code}, format="json", REMOTE_ADDR=ip)


def test_the_code_is_exchanged_and_the_openid_kept_in_the_session_only(
    api_client, wechat_fake, caplog
):
    wechat_fake.oauth_grants()
    caplog.set_level(logging.DEBUG)

    response = link(api_client)

    assert response.status_code == 200
    assert response.json() == {"configured": True, "linked": True}
    assert OPENID not in response.content.decode()
    [asked] = wechat_fake.oauth_received()
    assert asked == {
        "appid": "wx-test-appid",
        "secret": "test-secret",
        "code": CODE,
        "grant_type": "authorization_code",
    }
    # Sealed in the session table, never in clear; nowhere in the logs.
    stored = "".join(s.session_data for s in Session.objects.all())
    session = Session.objects.get().get_decoded()
    assert OPENID not in stored and OPENID not in str(session)
    assert OPENID not in caplog.text and CODE not in caplog.text
    assert api_client.get(URL).json() == {"configured": True, "linked": True}


def test_a_case_submitted_afterwards_keeps_the_openid_encrypted(
    api_client, wechat_fake
):
    from tests.factories import DepartmentFactory

    wechat_fake.oauth_grants()
    link(api_client)

    submitted = api_client.post(SUBMIT_URL, payload(DepartmentFactory()), format="json")

    case = Case.objects.get(number=submitted.json()["number"])
    assert OPENID not in case.wechat_openid_encrypted
    assert crypto.decrypt(case.wechat_openid_encrypted) == OPENID
    assert OPENID not in submitted.content.decode()
    # Told on WeChat from the first message on.
    assert case_messages(case) == [("case.registered", "wechat")]


def case_messages(case):
    from notifications.models import Message

    return list(
        Message.objects.filter(about=f"cases.case:{case.pk}", channel="wechat")
        .order_by("id")
        .values_list("event", "channel")
    )


def test_a_case_without_wechat_keeps_no_openid(api_client):
    from tests.factories import DepartmentFactory

    submitted = api_client.post(SUBMIT_URL, payload(DepartmentFactory()), format="json")

    assert (
        Case.objects.get(number=submitted.json()["number"]).wechat_openid_encrypted
        == ""
    )
    assert api_client.get(URL).json()["linked"] is False


@pytest.mark.parametrize(
    ("errcode", "errmsg"),
    [(40029, "invalid code"), (40163, "code been used"), (41008, "missing code")],
)
def test_wechat_refusing_the_code_is_a_chinese_400_on_code(
    api_client, wechat_fake, errcode, errmsg
):
    wechat_fake.oauth_answers({"errcode": errcode, "errmsg": errmsg})

    response = link(api_client)

    assert response.status_code == 400
    assert response.json() == {"code": ["微信授权已失效，请从公众号菜单重新进入。"]}
    assert api_client.get(URL).json()["linked"] is False


def test_another_wechat_error_or_a_timeout_is_a_503_and_nothing_is_kept(
    api_client, wechat_fake, settings
):
    wechat_fake.oauth_answers({"errcode": 40125, "errmsg": "invalid appsecret"})
    refused = link(api_client)
    assert refused.status_code == 503
    assert "微信服务暂时不可用" in refused.json()["detail"]

    settings.NOTIFY_PROVIDER_TIMEOUT = SHORT_TIMEOUT
    wechat_fake.stall(wechat_fake.oauth_path)
    assert link(api_client).status_code == 503
    assert api_client.get(URL).json()["linked"] is False


def test_without_wechat_keys_the_page_is_told_and_the_post_refused(
    api_client, settings
):
    settings.WECHAT_APP_ID = ""

    assert api_client.get(URL).json() == {"configured": False, "linked": False}
    refused = link(api_client)
    assert refused.status_code == 404
    assert refused.json()["detail"] == "本站未启用微信公众号关联。"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "该字段是必填项。"),
        ({"code": "<script>"}, "微信授权码格式不正确，请从公众号菜单重新进入。"),
        ({"code": "a" * 129}, None),
    ],
)
def test_a_malformed_code_is_refused_before_wechat_is_asked(
    api_client, wechat_fake, body, message
):
    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    if message:
        assert response.json()["code"] == [message]
    assert wechat_fake.oauth_received() == []


def test_the_exchange_is_throttled_per_address(api_client, wechat_fake, rates):
    rates(citizen_wechat="2/hour")
    wechat_fake.oauth_grants()

    assert link(api_client).status_code == 200
    assert link(api_client).status_code == 200
    assert link(api_client).status_code == 429
    assert link(api_client, ip="10.0.0.10").status_code == 200


def test_the_openid_is_erased_with_the_contact_details(department_a):
    from datetime import timedelta

    from django.utils import timezone

    from cases import services
    from tests.cases.helpers import submit_case

    case = submit_case(department=department_a, wechat_openid=OPENID).case
    long_ago = timezone.now() - timedelta(days=400)
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=long_ago)
    only_openid = submit_case(department=department_a, wechat_openid=OPENID).case
    Case.objects.filter(pk=only_openid.pk).update(
        status="closed", closed_at=long_ago, contact_name="", contact_phone=""
    )

    result = services.retention_apply(
        now=timezone.now(), contact_keep_days=365, photo_keep_days=180
    )

    assert result.cases_anonymised == 2  # an openid alone is a contact to erase
    assert set(
        Case.objects.filter(pk__in=[case.pk, only_openid.pk]).values_list(
            "wechat_openid_encrypted", flat=True
        )
    ) == {""}
