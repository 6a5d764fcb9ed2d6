"""Demo cases in every state of the 12345 handling (docs/staff.md), and the
派单目录 that routes them. Part of `manage.py seed_demo`, after the demo staff.

Every state is reached through the services, as staff and citizens reach it:
routed by the catalogue, waiting in the 分拨队列, a 退单 to review, unsigned (one
past its 签收 limit), assigned, waiting for the citizen's 补充材料, co-handled
(with and without the 协办意见), a merged pair, a split case, urgent cases, a
closed case called back 满意, a 重办 case, and the escalation ladder's rungs
(催办, 督办, 通报) written by its own job. The services take their steps at the
real time (they take no `now`); only the submissions are dated in the past, so
that deadlines have passed where the state needs it.

Each case carries an Idempotency-Key `demo-case-12345-<state>`: a second run
finds it and takes no step again. A state whose service is not available yet
(NotImplementedError) is left out and named in the log, never faked by writing
the fields directly.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Case, DispatchRule
from departments.models import Department, ServiceType

logger = logging.getLogger(__name__)
Status = Case.Status

# name, order, keywords, department code, service type code, urgent
RULES = [
    ("燃气泄漏（紧急）", 10, "燃气、煤气、天然气", "police", None, True),
    ("拖欠工资", 20, "拖欠工资、欠薪、讨薪", "hrss", None, False),
    ("噪音油烟", 30, "噪音、油烟、异味、排污", "eeb", None, False),
    ("食品安全", 40, "过期食品、食品安全、变质", "samr", None, False),
    ("疫苗接种", 50, "", "health", "vaccination", False),
]

# What the citizens write: kind, department code (None: 不确定), title, content,
# complainee. Keys are the state each case ends in.
CASES = {
    "queue": (
        "complaint",
        None,
        "小区楼道灯坏了一个月",
        "单元楼道的灯坏了一个月，晚上上下楼看不见，不知道该找哪个部门。",
        "和平小区3号楼",
    ),
    "returned": (
        "complaint",
        None,
        "人行道地砖松动",
        "文化路人行道有多块地砖松动，下雨天踩上去溅一身泥。",
        "文化路人行道",
    ),
    "unsigned": (
        "complaint",
        None,
        "公司拖欠工资两个月",
        "我在一家物流公司上班，公司已经两个月没发工资，老板一直说再等等。",
        "某物流有限公司",
    ),
    "sign-overdue": (
        "complaint",
        None,
        "小区旁工厂排污有异味",
        "小区西边的工厂晚上排放废气，有很重的异味，窗户都不敢开。",
        "西环路某化工厂",
    ),
    "urgent-rule": (
        "complaint",
        None,
        "楼道里有很重的燃气味",
        "今天下午开始楼道里燃气味很重，担心泄漏，请尽快派人来看看。",
        "阳光小区5号楼",
    ),
    "urgent-staff": (
        "consultation",
        "hrss",
        "失业金停发怎么办",
        "我的失业金这个月突然停发了，家里急等用钱，请问怎么恢复？",
        "",
    ),
    "assigned": (
        "consultation",
        "hrss",
        "灵活就业社保怎么缴",
        "我现在做自由职业，想以灵活就业身份缴纳社保，请问在哪里办理？",
        "",
    ),
    "waiting": (
        "complaint",
        "hrss",
        "工伤认定迟迟没有结果",
        "我三个月前提交了工伤认定申请，到现在还没有结果，也没人通知我。",
        "某建筑劳务公司",
    ),
    "co-handled": (
        "complaint",
        "hrss",
        "工地噪音且拖欠农民工工资",
        "东城工地夜里施工很吵，而且听工人说工资拖了好几个月没发。",
        "东城花园东侧工地",
    ),
    "co-handling": (
        "suggestion",
        "hrss",
        "建议在工业园区设劳动维权点",
        "工业园区企业多，工人遇到劳动纠纷要跑很远，建议在园区设一个维权服务点。",
        "",
    ),
    "merge-main": (
        "complaint",
        "eeb",
        "广场舞音响声音太大",
        "每天晚上七点到十点，中心广场的广场舞音响声音特别大，影响孩子学习。",
        "中心广场",
    ),
    "merged": (
        "complaint",
        "eeb",
        "中心广场晚上太吵",
        "中心广场晚上跳舞的音响开得太大声，住在旁边根本没法休息。",
        "中心广场",
    ),
    "split": (
        "complaint",
        "hrss",
        "培训机构退费难还噪音扰民",
        "报名的职业培训机构不给退费，而且机构楼下的音响每天很吵。",
        "某职业培训学校",
    ),
    "called-back": (
        "consultation",
        "hrss",
        "社保卡丢失如何补办",
        "我的社保卡丢了，请问补办需要带哪些材料，多久能拿到？",
        "",
    ),
    "redo": (
        "complaint",
        "eeb",
        "河道垃圾长期无人清理",
        "护城河北段河面漂着很多垃圾，已经好几个星期了，一直没人清理。",
        "护城河北段",
    ),
    "overdue": (
        "consultation",
        "hrss",
        "退休手续办理进度",
        "我上个月提交了退休申请材料，想了解一下现在办到哪一步了。",
        "",
    ),
}
# How long before the seed each case arrived: a past 签收 limit and an overdue
# answer need the time to have passed; the others arrived this morning.
HOURS_AGO = {"sign-overdue": 72, "overdue": 24 * 16}
# Who takes the steps (portal.demo_users).
DEMO_USERS = {"hrss_officer", "hrss_head", "eeb_officer", "dispatcher"}


def seed_handling_cases() -> list[str]:
    """Create the 12345 demo cases once (idempotent); returns the states left out
    because their service is not available (logged too)."""
    _seed_rules()
    departments = {d.code: d for d in Department.objects.all()}
    users = {u.username: u for u in get_user_model().objects.filter(is_staff=True)}
    if DEMO_USERS - users.keys():
        # The steps are the demo staff's (portal.demo_users, seeded first by
        # seed_demo); without them no state is faked.
        logger.warning("演示人员尚未创建，未生成 12345 办理状态的演示诉求。")
        return list(CASES)
    steps = _steps(departments, users)
    skipped = []
    cases: dict[str, Case] = {}
    for state, spec in CASES.items():
        try:
            case, fresh = _submit(state, spec, departments)
        except ValidationError as error:
            # 不确定是哪个部门 not accepted yet: the routing is not there.
            if spec[1] is not None or "department" not in error.message_dict:
                raise
            skipped.append(state)
            continue
        cases[state] = case
        if not fresh or state not in steps:
            continue
        try:
            steps[state](case, cases)
        except NotImplementedError:
            skipped.append(state)
    skipped += _escalate()
    if skipped:
        logger.warning(
            "演示数据未能生成以下状态（功能尚未实现）：%s", "、".join(skipped)
        )
    return skipped


def _seed_rules() -> None:
    # Configuration edited in the admin, not a case: no event to write.
    types = {t.code: t for t in ServiceType.objects.all()}
    for name, order, keywords, department_code, type_code, urgent in RULES:
        department = Department.objects.filter(code=department_code).first()
        if department is None:
            continue
        DispatchRule.objects.get_or_create(
            name=name,
            defaults={
                "sort_order": order,
                "keywords": keywords,
                "department": department,
                "service_type": types.get(type_code),
                "marks_urgent": urgent,
            },
        )


def _submit(state: str, spec, departments) -> tuple[Case, bool]:
    kind, department_code, title, content, complainee = spec
    submitted = services.case_submit(
        submission=services.CaseSubmission(
            kind=kind,
            title=title,
            content=content,
            department_id=departments[department_code].id if department_code else None,
            complainee=complainee,
            contact_name="周女士" if len(state) % 2 else "孙先生",
            contact_phone=f"1370000{len(state):02d}{sum(map(ord, state)) % 100:02d}",
            sms_consent=True,
            publish_consent=False,
            channel="h5",
        ),
        idempotency_key=f"demo-case-12345-{state}",
        now=timezone.now() - timedelta(hours=HOURS_AGO.get(state, 3)),
    )
    return submitted.case, not submitted.replayed


def _steps(departments, users) -> dict[str, Callable]:
    """What happens to each case after it arrives, as the demo staff do it."""
    hrss, eeb = departments["hrss"], departments["eeb"]
    officer, head = users.get("hrss_officer"), users.get("hrss_head")
    eeb_officer, dispatcher = users.get("eeb_officer"), users.get("dispatcher")

    def fresh(case: Case) -> Case:
        case.refresh_from_db()
        return case

    def accept(case: Case, actor=officer) -> Case:
        if case.sign_due_at and not case.signed_at:
            services.case_sign(case=case, actor=actor)
        return services.case_transition(
            case=fresh(case), to_status=Status.ACCEPTED, actor=actor, note="已受理。"
        )

    def answer(case: Case, reply: str, actor=officer) -> Case:
        services.case_transition(
            case=fresh(case), to_status=Status.REPLIED, actor=actor, reply=reply
        )
        return services.case_transition(
            case=fresh(case), to_status=Status.CLOSED, actor=actor
        )

    def returned(case, _cases):
        services.case_dispatch(
            case=case, to_department_id=hrss.id, actor=dispatcher, note="请核处。"
        )
        # Signed for first: reading it, the department finds it is not theirs.
        services.case_sign(case=fresh(case), actor=officer)
        services.case_send_back(
            case=fresh(case),
            actor=officer,
            reason="人行道设施不属于本局职责。",
            basis="《市人社局职责清单》未包含市政设施管理。",
        )

    def urgent_staff(case, _cases):
        services.case_mark_urgent(
            case=case, actor=officer, reason="市民生活困难，急需。"
        )

    def assigned(case, _cases):
        services.case_assign(case=accept(case), actor=head, assignee=officer)

    def waiting(case, _cases):
        services.info_request(
            case=accept(case),
            actor=officer,
            question="请补充工伤认定申请的受理回执照片和申请日期。",
        )

    def co_handled(case, _cases, answered=True):
        services.co_handling_invite(
            case=accept(case),
            actor=officer,
            department_ids=[eeb.id],
            note="请环保局就夜间施工噪音提出意见。",
        )
        if answered:
            services.co_handling_answer(
                case=fresh(case),
                actor=eeb_officer,
                opinion="已对该工地夜间施工立案调查，责令22时后停止施工。",
            )

    def merged(case, cases):
        accept(cases["merge-main"], actor=eeb_officer)
        services.case_merge(
            case=accept(case, actor=eeb_officer),
            actor=eeb_officer,
            main_number=cases["merge-main"].number,
            note="同一广场噪音问题，并入先到的诉求办理。",
        )

    def split(case, _cases):
        services.case_split(
            case=case,
            actor=officer,
            children=[
                {
                    "department_id": hrss.id,
                    "title": "职业培训机构拒绝退费",
                    "content": "报名的职业培训机构不给退费。",
                },
                {
                    "department_id": eeb.id,
                    "title": "培训机构楼下音响噪音",
                    "content": "职业培训机构楼下的音响每天很吵。",
                },
            ],
        )

    def called_back(case, _cases):
        answer(accept(case), "请携带身份证到社会保障窗口补办，现场制卡约20分钟。")
        services.case_callback(
            case=fresh(case), actor=officer, result="satisfied", note="市民表示满意。"
        )

    def redo(case, _cases):
        answer(accept(case, actor=eeb_officer), "已通知环卫部门清理。", eeb_officer)
        services.case_callback(
            case=fresh(case),
            actor=eeb_officer,
            result="dissatisfied",
            note="市民反映河面垃圾仍未清理干净。",
        )

    return {
        "returned": returned,
        "urgent-staff": urgent_staff,
        "assigned": assigned,
        "waiting": waiting,
        "co-handled": co_handled,
        "co-handling": lambda case, cases: co_handled(case, cases, answered=False),
        "merged": merged,
        "split": split,
        "called-back": called_back,
        "redo": redo,
        "overdue": lambda case, _cases: accept(case),
    }


def _escalate() -> list[str]:
    """Run the escalation ladder once, as its periodic job would: the overdue
    demo cases get 督办 and 通报, those due soon 催办. A second run adds nothing."""
    try:
        from cases.escalation import escalation_run
    except ImportError:
        return ["escalation"]
    try:
        escalation_run()
    except NotImplementedError:
        return ["escalation"]
    return []
