"""Demo feedback: impression tags, sensitive words, impressions of the demo
departments, reviews of their leaders, and 好差评 on answered demo cases (a couple
of 不满意 open rectifications; some cases stay unrated for the invite list).

Idempotent: every demo impression and review has a fixed device hash
(`sha256("demo-impression-N")`), and a case is rated only once.
"""

import hashlib
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.workflow import ANSWERED_FOR_RATING
from departments.models import Department, Leader
from feedback import services
from feedback.models import (
    CaseEvaluation,
    DepartmentImpression,
    HideReason,
    ImpressionTag,
    LeaderReview,
    SensitiveWord,
)

TAGS = [
    "办事高效",
    "态度热情",
    "流程清晰",
    "一次告知",
    "环境整洁",
    "网上可办",
    "等待时间长",
    "手续繁琐",
    "电话难打通",
    "指引不清",
]
GOOD_TAGS, BAD_TAGS = TAGS[:6], TAGS[6:]
SENSITIVE_WORDS = ["骗子", "垃圾", "滚", "贿赂", "代办黄牛"]
# (score, comment); comments a citizen would leave on a department's page.
IMPRESSIONS = [
    (5, "窗口工作人员很耐心，材料一次就告知清楚了，半小时办完。"),
    (5, "网上预约后到现场不用排队，点赞！"),
    (4, "整体不错，就是停车不太方便。"),
    (4, "流程比以前简化了很多，希望继续保持。"),
    (5, "工作人员主动帮老人填表，很暖心。"),
    (3, "上午人比较多，等了一个多小时。"),
    (2, "电话一直打不通，只能跑一趟现场问。"),
    (4, ""),
    (5, ""),
    (3, "材料清单网上和现场说得不一样，希望统一。"),
    (1, "门口有代办黄牛拉客，希望管一管。"),
    (4, "自助机很好用，几分钟就打印好了证明。"),
    (5, "周六也能办，方便上班族。"),
    (2, "叫号系统出故障，大家只能干等。"),
]
# (leader name, score, comment)
REVIEWS = [
    ("张建国", 5, "张主任亲自接待来访群众，欠薪问题一周内就有了结果。"),
    ("张建国", 4, "开门接访做得好，希望窗口再多开几个。"),
    ("张建国", 5, "说话实在，办事不推诿。"),
    ("李明", 5, "李科长把失业保险政策讲得很清楚，还留了电话方便回访。"),
    ("李明", 4, "审核很快，材料齐全当天就通过了。"),
    ("李明", 3, "政策解释清楚，但审核周期还是有点长。"),
    ("王海", 4, "噪音投诉处理及时，夜里施工已经停了。"),
    ("王海", 5, "环保执法动真格，点赞。"),
    ("刘芳", 4, "现场检查很认真，反馈也及时。"),
    ("刘芳", 2, "油烟问题反映了两次还没解决。"),
    ("陈志强", 4, "预算公开做得比以前好。"),
    ("赵敏", 5, "社区医院改造后看病方便多了。"),
    ("赵敏", 4, "疫苗接种安排得井井有条。"),
    ("孙磊", 3, "卫生检查希望多去小店看看。"),
    ("周斌", 5, "户口迁移一次办好，没有多跑路。"),
    ("周斌", 4, "出入境窗口服务很规范。"),
    ("吴静", 5, "超市过期食品的投诉三天就处理了。"),
    ("吴静", 4, "消费维权很给力。"),
    ("郑华", 5, "老年食堂的建议被采纳了，谢谢！"),
    ("郑华", 4, "养老补贴发放很准时。"),
]
EVALUATION_COMMENTS = {
    5: "答复很及时，问题解决了，非常满意。",
    4: "答复清楚，办事效率不错。",
    3: "问题基本解决，希望后续跟进。",
    2: "答复比较笼统，问题没有真正解决。",
    1: "只是回复了套话，问题依旧存在。",
}
# Levels given to the answered demo cases in turn; None leaves a case unrated.
LEVELS = [5, 4, 5, None, 3, 4, 2, 5, None, 4, 1, 5, 4, None]


def _device(kind: str, index: int) -> str:
    return hashlib.sha256(f"demo-{kind}-{index}".encode()).hexdigest()


@transaction.atomic
def seed_feedback() -> dict[str, int]:
    """Create the demo feedback once; returns how many of each exist."""
    rng = random.Random(20261123)
    now = timezone.now()
    for order, name in enumerate(TAGS, start=1):
        ImpressionTag.objects.get_or_create(name=name, defaults={"sort_order": order})
    for word in SENSITIVE_WORDS:
        SensitiveWord.objects.get_or_create(word=word)
    tags = {tag.name: tag.pk for tag in ImpressionTag.objects.all()}
    _seed_impressions(rng, now, tags)
    _seed_reviews(rng, now)
    _seed_evaluations(now)
    return {
        "impressions": DepartmentImpression.objects.count(),
        "reviews": LeaderReview.objects.count(),
        "evaluations": CaseEvaluation.objects.count(),
    }


def _seed_impressions(rng, now, tags):
    departments = list(Department.objects.filter(is_active=True).order_by("pk"))
    for index in range(42):
        device = _device("impression", index)
        if DepartmentImpression.objects.filter(device_hash=device).exists():
            continue
        # Spread the comments so that each department gets different ones.
        score, comment = IMPRESSIONS[(index + index // 7 * 8) % len(IMPRESSIONS)]
        pool = GOOD_TAGS if score >= 4 else BAD_TAGS if score <= 2 else TAGS
        impression = services.impression_submit(
            department=departments[index % len(departments)],
            score=score,
            tag_ids=[tags[name] for name in rng.sample(pool, k=rng.randint(1, 3))],
            comment=comment,
            device_hash=device,
            now=now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 9)),
        )
        if index == 13:
            # One stuffed vote, hidden by staff: it no longer counts.
            services.moderation_hide(
                actor=None,
                item=impression,
                reason=HideReason.VOTE_STUFFING,
                note="同一时段大量相同评分",
            )


def _seed_reviews(rng, now):
    leaders = {leader.name: leader for leader in Leader.objects.all()}
    for index, (name, score, comment) in enumerate(REVIEWS):
        device = _device("review", index)
        if (
            name not in leaders
            or LeaderReview.objects.filter(device_hash=device).exists()
        ):
            continue
        services.review_submit(
            leader=leaders[name],
            score=score,
            comment=comment,
            device_hash=device,
            now=now - timedelta(days=rng.randint(0, 45), hours=rng.randint(0, 9)),
        )


def _seed_evaluations(now):
    answered = Case.objects.filter(
        submission_key__key__startswith="demo-case-",
        status__in=ANSWERED_FOR_RATING,
    ).order_by("pk")
    for index, case in enumerate(answered):
        level = LEVELS[index % len(LEVELS)]
        if level is None or CaseEvaluation.objects.filter(case=case).exists():
            continue
        services.evaluation_submit(
            case=case,
            level=level,
            comment=EVALUATION_COMMENTS[level] if index % 3 else "",
            now=min(case.replied_at + timedelta(days=1), now),
        )
