"""A case from WeChat is told on WeChat: its messages go through wechatpy to the
local fake of api.weixin.qq.com, to the case's openid, the card opening the
case's look-up page (cases/notices.py, notifications/backends/wechat.py)."""

import pytest

from cases.models import Case, CaseEvent
from cases.notices import case_event_notify
from cases.services.transitions import record_event
from notifications.delivery import message_deliver
from notifications.models import Message, MessageTemplate
from tests.cases.helpers import submit_case
from tests.notifications.fake_providers import OPENID

pytestmark = pytest.mark.django_db
SENT = {"errcode": 0, "errmsg": "ok", "msgid": 2913407427418357762}


def test_an_info_request_reaches_the_citizens_wechat(
    wechat_fake, settings, department_a
):
    settings.WECHAT_BACKEND = "wechatpy"
    settings.PORTAL_PUBLIC_URL = "https://wzw.example.gov.cn"
    MessageTemplate.objects.filter(
        event="case.info_requested", channel="wechat"
    ).update(
        provider_template_code="TPL-INFO",
        text="character_string1={number}\nthing2={question}",
    )
    wechat_fake.issue_tokens("TOKEN-1")
    wechat_fake.answers(SENT)
    case = submit_case(department=department_a, wechat_openid=OPENID).case
    Case.objects.filter(pk=case.pk).update(
        status="waiting", info_question="请补充路灯位置的照片"
    )
    case.refresh_from_db()
    event = record_event(case=case, actor=None, action=CaseEvent.Action.INFO_REQUEST)
    case_event_notify(event=event)
    message = Message.objects.get(event="case.info_requested", channel="wechat")

    assert message_deliver(message_id=message.pk) == "sent"

    [received] = wechat_fake.received()
    assert received["touser"] == OPENID
    assert received["template_id"] == "TPL-INFO"
    assert received["data"] == {
        "character_string1": {"value": case.number},
        "thing2": {"value": "请补充路灯位置的照片"},
    }
    assert received["page"] == (
        f"https://wzw.example.gov.cn/#/lookup?number={case.number}"
    )
    assert Message.objects.get(pk=message.pk).recipient_masked == "oFak****cdef"
