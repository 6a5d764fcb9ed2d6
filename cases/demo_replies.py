"""Demo reply templates (答复模板): a few per department and kind, so that the
答复 step offers something out of the box. Part of `manage.py seed_demo`.

Texts follow the usual shape of a 12345 reply: greeting, what was done, the
outcome, where to turn next. 【…】 marks what the officer fills in for the case.
A template is identified by (department, kind, title): a second run adds
nothing, and a template a head has edited since is left as it is.
"""

from django.db import transaction

from cases.models import Case, ReplyTemplate
from departments.models import Department

K = Case.Kind

# (kind, title, body) for every department; {short_name} {phone} {address}
# {office_hours} are the department's own.
COMMON = [
    (
        K.CONSULTATION,
        "政策解答",
        "您好！感谢您对{short_name}工作的关注。关于您咨询的问题，答复如下："
        "【请填写相关政策规定及适用条件】。\n如需进一步了解，可在办公时间（{office_hours}）"
        "拨打咨询电话 {phone}，或到{address}窗口咨询。",
    ),
    (
        K.CONSULTATION,
        "办事指引",
        "您好！您咨询的事项可通过以下方式办理：\n一、网上办理：在微政务“办事指南”"
        "中查看所需材料并在线提交申请；\n二、窗口办理：携带身份证原件及【请填写所需材料】"
        "到{address}办理，办公时间为{office_hours}。\n如有疑问，请致电 {phone}。",
    ),
    (
        K.COMPLAINT,
        "核查属实，已责令整改",
        "您好！您反映的问题我局已收悉。经工作人员于【日期】现场核查，情况属实。"
        "我局已责令【被投诉对象】于【期限】前完成整改，并将跟踪复查整改落实情况。\n"
        "感谢您对{short_name}工作的监督。如问题仍未解决，请致电 {phone} 反映。",
    ),
    (
        K.COMPLAINT,
        "核查未发现问题",
        "您好！收到您的投诉后，我局工作人员于【日期】进行了现场核查，未发现您反映的"
        "情况。我们已将该处列为重点巡查对象，后续将加强监督检查。\n如问题再次出现，"
        "欢迎提供照片、时间等线索，以便我们及时处理。联系电话 {phone}。",
    ),
    (
        K.COMPLAINT,
        "已转交职能单位",
        "您好！您反映的问题属于【单位名称】的职责范围，我局已于【日期】将您的诉求"
        "转交该单位，并督促其依法依规处理、按时答复。如您对处理结果有异议，可致电 "
        "{phone} 向我局反映。",
    ),
    (
        K.SUGGESTION,
        "建议已采纳研究",
        "您好！感谢您提出的宝贵建议。您的建议对改进{short_name}工作很有参考价值，"
        "我局已转相关科室研究，将在制定下一年度工作计划时统筹考虑，并适时向社会公布"
        "落实情况。欢迎您继续为我们的工作建言献策。",
    ),
    (
        K.SUGGESTION,
        "暂不具备实施条件",
        "您好！感谢您对{short_name}工作的关心和支持。经研究，您提出的建议目前受"
        "【政策、资金或场地等】条件限制，暂不具备实施条件。我们已将建议存档，"
        "待条件成熟时再予考虑。",
    ),
]

# One more per department, for what its citizens ask about most.
SPECIFIC = {
    "hrss": (
        K.COMPLAINT,
        "拖欠工资，已立案调查",
        "您好！您反映的拖欠工资问题我局已受理。劳动保障监察大队已于【日期】立案调查，"
        "并约谈用人单位负责人，责令其于【期限】前足额支付拖欠工资。逾期不支付的，"
        "我局将依法作出行政处理，并可向公安机关移送涉嫌拒不支付劳动报酬犯罪线索。"
        "您也可向劳动人事争议仲裁委员会申请仲裁。咨询电话 {phone}。",
    ),
    "eeb": (
        K.COMPLAINT,
        "夜间施工噪音",
        "您好！接到您的投诉后，我局执法人员于【日期】夜间到现场检查，该工地未办理"
        "夜间施工许可即在22时后施工。我局已责令其立即停止夜间作业，并依法立案查处。"
        "如再次发现夜间施工扰民，请拨打 {phone} 或 12369 环保热线。",
    ),
    "finance": (
        K.SUGGESTION,
        "预算公开",
        "您好！感谢您关注财政资金使用情况。市级部门预算、决算已在政府门户网站"
        "“财政预决算公开”专栏公开，街道预算执行情况将按季度在政务公开栏公布。"
        "您的建议我们将在完善预算公开工作中认真研究。",
    ),
    "health": (
        K.CONSULTATION,
        "预防接种",
        "您好！65岁以上老年人可在户籍或居住地所在的社区卫生服务中心接种流感疫苗，"
        "请携带身份证，接种前可先电话预约。免费接种政策以当年通知为准，"
        "详情可致电 {phone} 咨询。",
    ),
    "police": (
        K.CONSULTATION,
        "户口迁移",
        "您好！在本市购买住房并取得不动产权证的，本人及配偶、未成年子女可申请将户口"
        "迁入。请携带户口簿、身份证、不动产权证原件到{address}户政窗口办理，"
        "办公时间为{office_hours}。咨询电话 {phone}。",
    ),
    "samr": (
        K.COMPLAINT,
        "消费纠纷已调解",
        "您好！您反映的消费纠纷我局已受理。经工作人员于【日期】组织双方调解，"
        "商家同意【退货退款/更换/赔偿】，并已对涉事商品下架处理。对商家销售过期食品"
        "的行为，我局已另行立案调查。感谢您的监督，投诉举报可拨打 {phone}。",
    ),
    "civil-affairs": (
        K.CONSULTATION,
        "婚姻登记预约",
        "您好！婚姻登记处工作日正常办理结婚登记，周六、周日及法定节假日不办公"
        "（“5·20”“七夕”等特殊日期另行通知）。可通过微政务在线预约，也可现场取号。"
        "双方请携带户口簿、身份证原件及近期合照。咨询电话 {phone}。",
    ),
}


@transaction.atomic
def seed_reply_templates() -> int:
    """Add the demo templates that are missing (two queries and one insert);
    returns how many templates the demo departments have."""
    departments = list(Department.objects.filter(code__in=[*SPECIFIC]))
    existing = set(
        ReplyTemplate.objects.filter(department__in=departments).values_list(
            "department_id", "kind", "title"
        )
    )
    missing = []
    for department in departments:
        specs = [*COMMON, SPECIFIC[department.code]]
        for order, (kind, title, body) in enumerate(specs, start=1):
            if (department.pk, kind, title) in existing:
                continue
            missing.append(
                ReplyTemplate(
                    department=department,
                    kind=kind,
                    title=title,
                    body=body.format(
                        short_name=department.short_name or department.name,
                        phone=department.phone,
                        address=department.address,
                        office_hours=department.office_hours,
                    ),
                    sort_order=order * 10,
                )
            )
    ReplyTemplate.objects.bulk_create(missing)
    return len(existing) + len(missing)
