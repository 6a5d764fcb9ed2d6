"""The notices' part of `manage.py seed_demo`: a few published notices of the demo
departments and the city, one pinned, a policy with its interpretation.
Idempotent: a notice of the same title is left as it is."""

from datetime import timedelta

from django.utils import timezone

from departments.models import Department
from notices import services
from notices.models import Notice

DEMO = [
    (
        "hrss",
        Notice.Kind.NOTICE,
        "第三代社保卡开始换发",
        "持二代卡的市民可到各服务窗口或网上申请换发，旧卡在新卡启用前照常使用。",
        True,
    ),
    (
        "hrss",
        Notice.Kind.POLICY,
        "关于调整城乡居民医保缴费标准的通知",
        "2027 年度城乡居民医保个人缴费标准调整为每人每年 400 元。",
        False,
    ),
    (
        None,
        Notice.Kind.NEWS,
        "市民中心延长周六办事时间",
        "即日起市民中心一楼综合窗口周六 9:00-12:00 开放。",
        False,
    ),
]


def seed_notices() -> int:
    now = timezone.now()
    created = 0
    for code, kind, title, body, pinned in DEMO:
        if Notice.objects.filter(title=title).exists():
            continue
        department = Department.objects.filter(code=code).first() if code else None
        if code and department is None:
            continue
        notice = Notice(
            kind=kind,
            title=title,
            summary=body[:60],
            body=body,
            department=department,
            publish_at=now - timedelta(days=created + 1),
            pinned=pinned,
        )
        services.notice_save(notice=notice, user=None)
        services.notice_submit(notice=notice, user=None)
        created += 1
    policy = Notice.objects.filter(kind=Notice.Kind.POLICY).first()
    title = "医保缴费标准调整解读"
    if policy and not Notice.objects.filter(title=title).exists():
        reading = Notice(
            kind=Notice.Kind.INTERPRETATION,
            title=title,
            summary="缴费标准为什么调整、怎么缴、有哪些补助。",
            body="## 为什么调整\n\n按国家和省统一部署……\n\n## 怎么缴\n\n可在[办事指南](/#/guide)中查看缴费渠道。",
            department=policy.department,
            interprets=policy,
            publish_at=now - timedelta(hours=2),
        )
        services.notice_save(notice=reading, user=None)
        services.notice_submit(notice=reading, user=None)
    return Notice.objects.filter(status=Notice.Status.PUBLISHED).count()
