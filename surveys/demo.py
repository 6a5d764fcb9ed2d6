"""The surveys' part of `manage.py seed_demo`: an open survey of 人社局 and an open
city-wide poll, both with public results. Idempotent by title."""

from datetime import timedelta

from django.utils import timezone

from departments.models import Department
from surveys.models import Question, Survey


def seed_surveys() -> int:
    now = timezone.now()
    if not Survey.objects.filter(title="社保服务满意度调查").exists():
        survey = Survey.objects.create(
            title="社保服务满意度调查",
            description="请花一分钟告诉我们您对社保窗口服务的感受，答卷不记录您的身份。",
            department=Department.objects.filter(code="hrss").first(),
            results_public=True,
            opens_at=now - timedelta(days=3),
            closes_at=now + timedelta(days=30),
        )
        Question.objects.bulk_create(
            [
                Question(
                    survey=survey,
                    kind="single",
                    text="您最常办理哪类业务",
                    options="社保卡\n养老保险\n就业登记",
                    sort_order=1,
                ),
                Question(
                    survey=survey,
                    kind="multiple",
                    text="您希望增加哪些服务",
                    options="延时办理\n周末办理\n网上预约\n上门服务",
                    sort_order=2,
                ),
                Question(survey=survey, kind="rating", text="总体满意度", sort_order=3),
                Question(
                    survey=survey,
                    kind="text",
                    text="其他意见建议",
                    required=False,
                    sort_order=4,
                ),
            ]
        )
    if not Survey.objects.filter(title="市民中心周六开放时间投票").exists():
        poll = Survey.objects.create(
            kind=Survey.Kind.POLL,
            title="市民中心周六开放时间投票",
            results_public=True,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
        )
        Question.objects.create(
            survey=poll,
            kind="single",
            text="您希望周六几点开放",
            options="8:30-12:00\n9:00-12:00\n9:00-17:00",
        )
    return Survey.objects.filter(opens_at__lte=now, closes_at__gt=now).count()
