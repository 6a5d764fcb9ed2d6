"""The events that send messages, the variables each template may use, and sample
values for the admin preview.

A template (notifications.models.MessageTemplate) of an event may use only that
event's variables; the admin refuses any other `{name}`. Callers of `notify` pass
these names in `params` (and name the secret ones in `secret_params`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    label: str
    # Variable name → sample value for the preview (and the seeded templates' docs).
    variables: dict[str, str]
    # Channels with a seeded default template.
    channels: tuple[str, ...]


_CITIZEN = ("sms", "wechat")
_STAFF = ("email", "sms")

EVENTS: dict[str, Event] = {
    "case.registered": Event(
        _("诉求已登记"),
        {"number": "ZX20260101-0001", "query_code": "AB12CD34"},
        _CITIZEN,
    ),
    "case.accepted": Event(
        _("诉求已受理"),
        {"number": "ZX20260101-0001", "department": "劳动和社会保障局"},
        _CITIZEN,
    ),
    "case.transferred": Event(
        _("诉求已转办"),
        {"number": "ZX20260101-0001", "department": "环境保护局"},
        _CITIZEN,
    ),
    "case.extended": Event(
        _("办理期限已延长"),
        {"number": "ZX20260101-0001", "due_date": "2026年1月20日"},
        _CITIZEN,
    ),
    "case.replied": Event(
        _("诉求已答复"),
        {
            "number": "ZX20260101-0001",
            "excerpt": "问题已转街道处理",
            "url": "https://example.gov.cn/h5/#/c/1",
        },
        _CITIZEN,
    ),
    "case.closed": Event(
        _("诉求已办结"),
        {"number": "ZX20260101-0001"},
        _CITIZEN,
    ),
    "case.invite_rating": Event(
        _("邀请评价"),
        {"number": "ZX20260101-0001", "url": "https://example.gov.cn/h5/#/c/1"},
        _CITIZEN,
    ),
    "rectification.callback": Event(
        _("整改回访"),
        {"number": "ZX20260101-0001", "department": "劳动和社会保障局"},
        _CITIZEN,
    ),
    "citizen.login_code": Event(
        _("登录验证码"),
        {"code": "123456", "minutes": "5"},
        ("sms",),
    ),
    "staff.new_case": Event(
        _("新诉求提醒"),
        {
            "number": "ZX20260101-0001",
            "title": "社保卡补办咨询",
            "department": "劳动和社会保障局",
            "url": "https://example.gov.cn/admin/cases/case/1/change/",
        },
        _STAFF,
    ),
    "staff.digest": Event(
        _("每日待办汇总"),
        {
            "summary": "待受理 3 件，24 小时内到期 2 件，已超期 1 件",
            "url": "https://example.gov.cn/admin/",
        },
        _STAFF,
    ),
}


def event_choices() -> list[tuple[str, str]]:
    return [(key, f"{event.label}（{key}）") for key, event in EVENTS.items()]
