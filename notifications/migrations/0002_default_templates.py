"""The default Chinese templates of every event, on each channel it uses.

Texts are frozen here (a later edit in the admin must not be undone by a fresh
install's migration, nor this file depend on code that changes). Provider template
codes are left blank: each city registers its own with Aliyun, Tencent or WeChat
and fills them in the admin."""

from django.db import migrations

CITIZEN_SMS = {
    "case.registered": "您的诉求已登记，编号{number}，查询码{query_code}，请妥善保管。",
    "case.accepted": "您的诉求{number}已由{department}受理，我们将尽快办理。",
    "case.transferred": "您的诉求{number}已转交{department}办理。",
    "case.extended": "您的诉求{number}办理期限已延长至{due_date}。",
    "case.replied": "您的诉求{number}已答复：{excerpt}，详见{url}",
    "case.closed": "您的诉求{number}已办结，感谢您的支持。",
    "case.invite_rating": "您的诉求{number}已办结，欢迎评价：{url}",
    "rectification.callback": "{department}将就您的诉求{number}与您电话回访，请留意来电。",
    "citizen.login_code": "您的登录验证码为{code}，{minutes}分钟内有效，请勿告诉他人。",
}
CITIZEN_WECHAT = {
    key: text for key, text in CITIZEN_SMS.items() if key != "citizen.login_code"
}
STAFF = {
    "staff.new_case": (
        "新诉求待受理：{number}",
        "{department}收到新诉求{number}「{title}」，请及时受理：{url}",
    ),
    "staff.digest": ("今日待办汇总", "今日待办：{summary}。请登录后台处理：{url}"),
}


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    rows = [
        *(
            MessageTemplate(event=event, channel="sms", text=text)
            for event, text in CITIZEN_SMS.items()
        ),
        *(
            MessageTemplate(event=event, channel="wechat", text=text)
            for event, text in CITIZEN_WECHAT.items()
        ),
        *(
            MessageTemplate(event=event, channel="email", subject=subject, text=text)
            for event, (subject, text) in STAFF.items()
        ),
        *(
            MessageTemplate(event=event, channel="sms", text=text)
            for event, (_subject, text) in STAFF.items()
        ),
    ]
    MessageTemplate.objects.bulk_create(rows, ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("notifications", "MessageTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_outbox")]

    operations = [migrations.RunPython(seed, unseed)]
