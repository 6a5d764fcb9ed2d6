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

# What every staff message of a case may name.
_STAFF_CASE = {
    "number": "ZX20260101-0001",
    "title": "社保卡补办咨询",
    "department": "劳动和社会保障局",
    "url": "https://example.gov.cn/admin/cases/case/1/change/",
}

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
    # --- 12345 handling (issue 18) ---
    "case.info_requested": Event(
        _("请补充材料"),
        {
            "number": "ZX20260101-0001",
            "question": "请补充事发地点的照片",
            "days": "5",
            "url": "https://example.gov.cn/h5/#/lookup?number=ZX20260101-0001",
        },
        _CITIZEN,
    ),
    "case.resumed": Event(
        _("补充期限已过，恢复办理"),
        {"number": "ZX20260101-0001"},
        _CITIZEN,
    ),
    "case.merged_replied": Event(
        _("并单诉求随主件答复"),
        {
            "number": "ZX20260101-0002",
            "main_number": "ZX20260101-0001",
            "excerpt": "路灯已修复",
            "url": "https://example.gov.cn/h5/#/lookup?number=ZX20260101-0002",
        },
        _CITIZEN,
    ),
    "case.redo": Event(
        _("诉求重新办理（重办）"),
        {"number": "ZX20260101-0001", "due_date": "2026年1月20日"},
        _CITIZEN,
    ),
    "case.split": Event(
        _("诉求已拆分"),
        {"number": "ZX20260101-0001", "numbers": "ZX20260102-0001、ZX20260102-0002"},
        _CITIZEN,
    ),
    "staff.to_dispatch": Event(
        _("待分拨提醒"),
        {**_STAFF_CASE, "department": "市级分拨中心"},
        _STAFF,
    ),
    "staff.returned": Event(
        _("退单待审核"),
        {**_STAFF_CASE, "reason": "不属于本部门职责（职责清单第 3 条）"},
        _STAFF,
    ),
    "staff.assigned": Event(_("指定承办人"), _STAFF_CASE, _STAFF),
    "staff.info_supplied": Event(_("市民已补充材料"), _STAFF_CASE, _STAFF),
    "staff.co_handle": Event(
        _("协办邀请"),
        {**_STAFF_CASE, "co_department": "环境保护局", "due_date": "2026年1月8日17:30"},
        _STAFF,
    ),
    "staff.escalated": Event(
        _("催办、督办与通报"),
        {**_STAFF_CASE, "rung": "督办（办理）", "deadline": "2026年1月20日17:30"},
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
    # --- appointments (预约, issue 21) ---
    "appointment.booked": Event(
        _("预约成功"),
        {
            "number": "YY-20260101-0001",
            "service": "社保卡补办",
            "time": "1月5日（周一）09:30-10:00",
            "place": "社保综合窗口一楼3号",
        },
        ("sms",),
    ),
    "appointment.reminder": Event(
        _("预约前一天提醒"),
        {
            "number": "YY-20260101-0001",
            "service": "社保卡补办",
            "time": "1月5日（周一）09:30-10:00",
            "place": "社保综合窗口一楼3号",
        },
        ("sms",),
    ),
    "appointment.moved": Event(
        _("预约已改期"),
        {
            "number": "YY-20260101-0001",
            "time": "1月6日（周二）14:00-14:30",
            "place": "社保综合窗口一楼3号",
        },
        ("sms",),
    ),
    "appointment.window_cancelled": Event(
        _("窗口停办，预约取消"),
        {
            "number": "YY-20260101-0001",
            "time": "1月5日（周一）09:30-10:00",
            "reason": "系统升级",
        },
        ("sms",),
    ),
    "appointment.precheck": Event(
        _("预检结果"),
        {
            "number": "YY-20260101-0001",
            "summary": "合格2项，需补正1项",
            "url": "https://example.gov.cn/#/appointments/YY-20260101-0001",
        },
        ("sms",),
    ),
    "appointment.done": Event(
        _("办结邀请评价"),
        {
            "number": "YY-20260101-0001",
            "url": "https://example.gov.cn/#/appointments/YY-20260101-0001",
        },
        ("sms",),
    ),
}


def event_choices() -> list[tuple[str, str]]:
    return [(key, f"{event.label}（{key}）") for key, event in EVENTS.items()]
