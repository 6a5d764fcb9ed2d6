"""Demo cases in every status, submitted over the past weeks through the services,
and the 12345 handling states (cases.demo_12345) on top.

Each demo case carries an Idempotency-Key `demo-case-N`, so running the seed again
finds the same cases instead of adding new ones. Run after the demo staff
(portal.demo_users): the 12345 steps are taken by them.
"""

import random
from datetime import timedelta

from django.utils import timezone

from cases import services
from cases.demo_12345 import seed_handling_cases
from cases.models import Case
from departments.models import Department, ServiceType

# kind, department code, service type code or None, title, content, complainee
CASES = [
    (
        "consultation",
        "hrss",
        "unemployment-subsidy",
        "失业补贴怎么申领？",
        "我上个月被公司解除劳动合同，请问失业补贴需要哪些材料，可以网上办理吗？",
        "",
    ),
    (
        "consultation",
        "hrss",
        "employment-training",
        "就业培训报名时间",
        "想参加今年的电工就业培训，请问报名时间和地点是什么时候？",
        "",
    ),
    (
        "consultation",
        "police",
        "hukou-transfer",
        "户口迁入需要什么条件",
        "在本市购房后想把户口迁入，需要满足哪些条件，要准备什么材料？",
        "",
    ),
    (
        "consultation",
        "civil-affairs",
        "marriage-registration",
        "结婚登记是否需要预约",
        "请问周六可以办理结婚登记吗？是否需要提前在网上预约？",
        "",
    ),
    (
        "consultation",
        "health",
        "vaccination",
        "老人流感疫苗接种地点",
        "家里老人七十岁，想接种流感疫苗，请问社区卫生服务中心可以打吗？是否免费？",
        "",
    ),
    (
        "consultation",
        "samr",
        "sole-trader",
        "个体户登记能否全程网办",
        "准备开一家小吃店，个体工商户登记能不能在手机上全程办理？",
        "",
    ),
    (
        "complaint",
        "eeb",
        "pollution-control",
        "夜间施工噪音扰民",
        "小区东侧工地每天晚上十一点以后还在施工，噪音很大，严重影响居民休息。",
        "东城花园东侧工地",
    ),
    (
        "complaint",
        "eeb",
        "pollution-control",
        "餐馆油烟直排",
        "楼下餐馆的油烟没有经过净化直接排放，整栋楼都能闻到油烟味。",
        "幸福路12号某餐馆",
    ),
    (
        "complaint",
        "samr",
        "food-licence",
        "超市销售过期食品",
        "在超市买到的酸奶已经过期三天，与店员沟通后对方拒绝退换。",
        "建设路某连锁超市",
    ),
    (
        "complaint",
        "hrss",
        "labour-arbitration",
        "公司拖欠工资三个月",
        "我在一家装修公司工作，公司已经连续三个月没有发放工资，多次讨要无果。",
        "某装饰工程有限公司",
    ),
    (
        "complaint",
        "police",
        None,
        "小区门口车辆乱停",
        "小区大门口经常有车辆乱停乱放，堵住消防通道，存在安全隐患。",
        "阳光小区门口停车",
    ),
    (
        "complaint",
        "health",
        "public-place-permit",
        "理发店无卫生许可证",
        "附近一家理发店没有公示卫生许可证，工具也不消毒。",
        "和平街某理发店",
    ),
    (
        "suggestion",
        "civil-affairs",
        "elderly-care-subsidy",
        "建议增设社区老年食堂",
        "我们社区老年人很多，建议在社区服务中心增设老年食堂，解决老人吃饭难的问题。",
        "",
    ),
    (
        "suggestion",
        "finance",
        None,
        "建议公开街道预算执行情况",
        "建议在政务公开栏定期公布街道预算执行情况，方便居民了解和监督。",
        "",
    ),
    (
        "suggestion",
        "eeb",
        "ecology-protection",
        "建议在河道两侧增加绿化",
        "护城河两侧绿化较少，建议种植树木并设置步道，方便市民休闲。",
        "",
    ),
    (
        "suggestion",
        "hrss",
        None,
        "建议延长窗口办公时间",
        "上班族工作日很难请假办事，建议社保窗口周六上午也开放。",
        "",
    ),
]
NAMES = ["王女士", "李先生", "张先生", "刘女士", "陈先生", "杨女士", "赵先生", "黄女士"]
# The status each demo case ends in, cycling so that every status appears.
PATHS = [
    [],
    ["accepted"],
    ["accepted", "replied"],
    ["accepted", "replied", "closed"],
    ["rejected"],
    ["accepted", "replied", "closed"],
    ["returned"],
]
REPLIES = {
    "consultation": "您好，您咨询的事项可携带身份证原件到窗口办理，"
    "也可通过网上办事大厅申请。",
    "complaint": "您好，经现场核查情况属实，已责令整改，我们将持续跟进。感谢您的监督。",
    "suggestion": "您好，感谢您的宝贵建议，我们已转相关科室研究，"
    "将在下一年度计划中统筹考虑。",
}


def seed_cases(*, rounds: int = 3) -> int:
    """Create the demo cases once (idempotent); returns how many demo cases exist
    (those a split made are not counted: they carry no key of their own)."""
    rng = random.Random(20261122)
    departments = {d.code: d for d in Department.objects.all()}
    types = {t.code: t for t in ServiceType.objects.all()}
    now = timezone.now()
    index = 0
    for round_number in range(rounds):
        for kind, dept_code, type_code, title, content, complainee in CASES:
            index += 1
            submitted_at = now - timedelta(
                days=rng.randint(1, 40) + round_number, hours=rng.randint(0, 8)
            )
            anonymous = kind == "complaint" and index % 7 == 0
            submitted = services.case_submit(
                submission=services.CaseSubmission(
                    kind=kind,
                    title=title,
                    content=content,
                    department_id=departments[dept_code].id,
                    service_type_id=types[type_code].id if type_code else None,
                    complainee=complainee,
                    contact_name="" if anonymous else rng.choice(NAMES),
                    contact_phone=""
                    if anonymous
                    else f"139{rng.randint(0, 99999999):08d}",
                    is_anonymous=anonymous,
                    publish_consent=index % 3 != 0,
                    # Half the demo callers agreed to SMS: their case pages list the
                    # messages, and `make run`'s worker prints them (console backend).
                    sms_consent=index % 2 == 0,
                    channel="h5",
                ),
                idempotency_key=f"demo-case-{index:04d}",
                now=submitted_at,
            )
            if not submitted.replayed:
                _advance(submitted.case, PATHS[index % len(PATHS)], submitted_at)
    seed_handling_cases()
    return Case.objects.filter(submission_key__key__startswith="demo-case-").count()


def _advance(case: Case, path: list[str], submitted_at):
    moment = submitted_at
    for status in path:
        moment += timedelta(hours=6)
        if status == "returned":
            services.case_send_back(
                case=case,
                actor=None,
                reason="不属于本部门职责，请重新分派。",
                basis="本部门职责清单未列此项。",
            )
            continue
        services.case_transition(
            case=case,
            to_status=status,
            note={"accepted": "已受理，正在办理。"}.get(status, ""),
            reply=REPLIES[case.kind] if status == "replied" else "",
            reason="该事项不属于本部门职责范围，建议向所在街道反映。"
            if status == "rejected"
            else "",
            now=moment,
        )
