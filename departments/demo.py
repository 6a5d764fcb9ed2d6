"""Demo departments a citizen of a Chinese city would recognise (from the seed
documents: 劳动和社会保障局, 环境保护局, 财政局, 卫生局, and the usual others)."""

from django.db import transaction

from departments.models import (
    Department,
    Leader,
    ServiceHall,
    ServiceType,
    ServiceWindow,
)
from kernel import demo_images

# code, name, short name, duties, address, phone, lat, lng,
# windows: (code, name, location, [(type code, name, days, hot, materials)]),
# leaders: (name, title, duties)
DEPARTMENTS = [
    {
        "code": "hrss",
        "name": "劳动和社会保障局",
        "short_name": "人社局",
        "duties_summary": "劳动力市场和劳动力资源管理、指导劳动就业、工资总额宏观调控、"
        "劳动关系协调与仲裁、劳动安全监察、企业职工社会保险工作（养老保险、医疗保险、"
        "失业保险、工伤保险），退休审批。",
        "address": "市民中心B座一楼",
        "phone": "0531-12333",
        "lat": "36.651200",
        "lng": "117.120100",
        "windows": [
            (
                "social-security",
                "社会保障窗口",
                "一楼3号窗口",
                [
                    (
                        "unemployment-subsidy",
                        "失业人员各项补贴",
                        10,
                        True,
                        "身份证原件\n失业登记证明\n银行卡复印件",
                    ),
                    (
                        "rural-five-guarantees",
                        "农村五保供养申请",
                        20,
                        False,
                        "户口簿\n身份证\n村委会证明",
                    ),
                    (
                        "labour-arbitration",
                        "劳动仲裁",
                        45,
                        True,
                        "仲裁申请书\n身份证复印件\n劳动关系证明材料",
                    ),
                    ("employment-training", "就业培训", 5, False, "身份证\n培训报名表"),
                    (
                        "medical-insurance",
                        "医疗保险参保与报销",
                        10,
                        True,
                        "身份证\n社会保障卡\n医疗费用票据",
                    ),
                    (
                        "retirement",
                        "退休审批与养老保险待遇",
                        20,
                        False,
                        "身份证\n户口簿\n职工档案",
                    ),
                ],
            ),
            (
                "employment",
                "就业服务窗口",
                "一楼5号窗口",
                [
                    (
                        "unemployment-registration",
                        "失业登记",
                        1,
                        True,
                        "身份证\n解除劳动合同证明",
                    ),
                    (
                        "unemployment-benefit",
                        "失业保险金申领",
                        5,
                        True,
                        "身份证\n社会保障卡\n解除劳动合同证明",
                    ),
                    (
                        "entrepreneurship-card",
                        "就业创业证申领",
                        3,
                        False,
                        "身份证\n近期一寸照片",
                    ),
                ],
            ),
        ],
        "leaders": [
            ("张建国", "主任", "主持全面工作，分管办公室、劳动关系科。"),
            ("李明", "科长", "负责社会保险待遇审核和失业保险工作。"),
        ],
    },
    {
        "code": "eeb",
        "name": "环境保护局",
        "short_name": "环保局",
        "duties_summary": "环境污染防治、生态保护监督管理、环境执法与环保法制宣传。",
        "address": "市民中心C座二楼",
        "phone": "0531-12369",
        "lat": "36.652300",
        "lng": "117.118700",
        "windows": [
            (
                "environment",
                "环境保护窗口",
                "二楼1号窗口",
                [
                    (
                        "pollution-control",
                        "污染控制",
                        15,
                        True,
                        "污染情况说明\n现场照片",
                    ),
                    ("supervision", "监督管理", 10, False, "企业名称及地址"),
                    ("legal-publicity", "法制宣传", 5, False, ""),
                    ("ecology-protection", "自然生态保护", 20, False, "项目说明材料"),
                ],
            ),
        ],
        "leaders": [
            ("王海", "局长", "主持全面工作。"),
            ("刘芳", "科长", "负责环境监察执法。"),
        ],
    },
    {
        "code": "finance",
        "name": "财政局",
        "short_name": "财政局",
        "duties_summary": "负责财政管理和监督、政府采购管理、非税收入征收管理。",
        "address": "市民中心A座三楼",
        "phone": "0531-86000001",
        "lat": "36.650800",
        "lng": "117.121500",
        "windows": [
            (
                "procurement",
                "政府采购窗口",
                "三楼2号窗口",
                [
                    (
                        "supplier-registration",
                        "政府采购供应商登记",
                        5,
                        False,
                        "营业执照\n法定代表人身份证",
                    ),
                    (
                        "procurement-complaint",
                        "政府采购质疑投诉",
                        30,
                        False,
                        "质疑函\n证明材料",
                    ),
                ],
            ),
            (
                "non-tax",
                "非税收入窗口",
                "三楼4号窗口",
                [("non-tax-refund", "非税收入退付", 10, False, "缴款凭证\n退付申请书")],
            ),
        ],
        "leaders": [("陈志强", "局长", "主持全面工作。")],
    },
    {
        "code": "health",
        "name": "卫生局",
        "short_name": "卫生局",
        "duties_summary": "负责地方公共卫生、医疗机构管理、疾病预防控制和卫生监督。",
        "address": "市民中心C座一楼",
        "phone": "0531-12320",
        "lat": "36.653100",
        "lng": "117.119900",
        "windows": [
            (
                "medical-affairs",
                "医政服务窗口",
                "一楼8号窗口",
                [
                    (
                        "physician-registration",
                        "医师执业注册",
                        20,
                        False,
                        "医师资格证书\n身份证\n健康证明",
                    ),
                    (
                        "clinic-licence",
                        "医疗机构执业登记",
                        30,
                        False,
                        "设置批准书\n场所证明",
                    ),
                ],
            ),
            (
                "public-health",
                "公共卫生窗口",
                "一楼9号窗口",
                [
                    (
                        "public-place-permit",
                        "公共场所卫生许可",
                        20,
                        True,
                        "营业执照\n从业人员健康证明",
                    ),
                    ("vaccination", "预防接种咨询", 1, True, ""),
                ],
            ),
        ],
        "leaders": [
            ("赵敏", "主任", "分管医政医管。"),
            ("孙磊", "科长", "负责公共卫生监督。"),
        ],
    },
    {
        "code": "police",
        "name": "公安局",
        "short_name": "公安局",
        "duties_summary": "户籍管理、居民身份证和出入境证件办理、治安管理。",
        "address": "市民中心D座一楼",
        "phone": "0531-110",
        "lat": "36.654000",
        "lng": "117.117600",
        "windows": [
            (
                "household",
                "户政窗口",
                "一楼1号窗口",
                [
                    (
                        "hukou-transfer",
                        "户口迁移",
                        10,
                        True,
                        "户口簿\n身份证\n迁移证明",
                    ),
                    ("id-card", "居民身份证办理", 15, True, "户口簿\n原身份证"),
                ],
            ),
            (
                "exit-entry",
                "出入境窗口",
                "一楼2号窗口",
                [("passport", "普通护照签发", 7, True, "身份证\n近期证件照")],
            ),
        ],
        "leaders": [("周斌", "副局长", "分管户政和出入境管理。")],
    },
    {
        "code": "samr",
        "name": "市场监督管理局",
        "short_name": "市场监管局",
        "duties_summary": "市场主体登记注册、食品安全监督管理、消费者权益保护。",
        "address": "市民中心B座二楼",
        "phone": "0531-12315",
        "lat": "36.651900",
        "lng": "117.122400",
        "windows": [
            (
                "registration",
                "登记注册窗口",
                "二楼6号窗口",
                [
                    (
                        "sole-trader",
                        "个体工商户登记",
                        1,
                        True,
                        "经营者身份证\n经营场所证明",
                    ),
                    (
                        "company-setup",
                        "企业设立登记",
                        3,
                        True,
                        "公司章程\n股东身份证明",
                    ),
                ],
            ),
            (
                "food-safety",
                "食品安全窗口",
                "二楼7号窗口",
                [
                    (
                        "food-licence",
                        "食品经营许可",
                        10,
                        False,
                        "营业执照\n食品安全管理制度",
                    )
                ],
            ),
        ],
        "leaders": [("吴静", "科长", "负责消费者投诉举报处理。")],
    },
    {
        "code": "civil-affairs",
        "name": "民政局",
        "short_name": "民政局",
        "duties_summary": "婚姻登记、社会救助、养老服务和社会组织管理。",
        "address": "市民中心A座一楼",
        "phone": "0531-12349",
        "lat": "36.650300",
        "lng": "117.120800",
        "windows": [
            (
                "marriage",
                "婚姻登记窗口",
                "一楼6号窗口",
                [
                    (
                        "marriage-registration",
                        "结婚登记",
                        1,
                        True,
                        "双方户口簿\n双方身份证\n照片",
                    )
                ],
            ),
            (
                "social-assistance",
                "社会救助窗口",
                "一楼7号窗口",
                [
                    (
                        "minimum-living",
                        "最低生活保障申请",
                        30,
                        True,
                        "户口簿\n收入证明",
                    ),
                    (
                        "elderly-care-subsidy",
                        "高龄津贴申领",
                        10,
                        False,
                        "身份证\n银行卡",
                    ),
                ],
            ),
        ],
        "leaders": [("郑华", "主任", "分管社会救助和养老服务。")],
    },
]


# 附近办事: the demo city's halls (GCJ-02), and the share of windows each holds.
HALLS = [
    (
        "市民中心政务服务大厅",
        "历下区",
        "龙奥北路 1 号市民中心",
        "36.651200",
        "117.120100",
    ),
    ("槐荫区便民服务中心", "槐荫区", "经十路 22799 号", "36.651900", "116.906400"),
    ("历城区政务服务中心", "历城区", "华信路 3 号", "36.680600", "117.065300"),
]


def seed_halls() -> list[ServiceHall]:
    """The demo halls; every window sits in the first, one in three in another."""
    halls = []
    for order, (name, district, address, lat, lng) in enumerate(HALLS, start=1):
        hall, _ = ServiceHall.objects.update_or_create(
            name=name,
            defaults={
                "district": district,
                "address": address,
                "opening_hours": "工作日 9:00-12:00，13:30-17:00；周六 9:00-12:00",
                "phone": "0531-12345",
                "latitude": lat,
                "longitude": lng,
                "sort_order": order * 10,
            },
        )
        halls.append(hall)
    for index, window in enumerate(ServiceWindow.objects.order_by("pk")):
        hall = halls[index % 3] if index % 3 else halls[0]
        if window.hall_id != hall.pk:
            window.hall = hall
            window.save(update_fields=["hall"])
    return halls


@transaction.atomic
def seed_departments() -> list[Department]:
    """Create or update the demo departments; running it again changes nothing."""
    departments = []
    for order, spec in enumerate(DEPARTMENTS, start=1):
        department, _ = Department.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "short_name": spec["short_name"],
                "duties_summary": spec["duties_summary"],
                "description": spec["duties_summary"],
                "address": spec["address"],
                "phone": spec["phone"],
                "office_hours": "工作日 9:00-12:00，13:30-17:00",
                "latitude": spec["lat"],
                "longitude": spec["lng"],
                "sort_order": order * 10,
                "is_active": True,
            },
        )
        if not department.logo:
            department.logo.save(
                f"{spec['code']}.png",
                demo_images.logo(seed=spec["code"], text=department.emblem_text),
                save=True,
            )
        _seed_windows(department, spec["windows"])
        _seed_leaders(department, spec["leaders"])
        departments.append(department)
    seed_halls()
    return departments


def _seed_windows(department, windows):
    for w_order, (code, name, location, types) in enumerate(windows, start=1):
        window, _ = ServiceWindow.objects.update_or_create(
            department=department,
            code=code,
            defaults={
                "name": name,
                "location": location,
                "phone": department.phone,
                "office_hours": "工作日 9:00-17:00",
                "sort_order": w_order * 10,
            },
        )
        for t_order, (t_code, t_name, days, hot, materials) in enumerate(
            types, start=1
        ):
            ServiceType.objects.update_or_create(
                code=t_code,
                defaults={
                    "window": window,
                    "name": t_name,
                    "description": f"{department.short_name}{t_name}业务的办理与咨询。",
                    "required_materials": materials,
                    "time_limit_days": days,
                    "fee": "免费",
                    "online": t_order % 2 == 1,
                    "by_appointment": True,
                    "is_hot": hot,
                    "popularity": 1000 - t_order * 37 - w_order * 11 if hot else 10,
                    "sort_order": t_order * 10,
                },
            )


def _seed_leaders(department, leaders):
    for order, (name, title, duties) in enumerate(leaders, start=1):
        leader, _ = Leader.objects.update_or_create(
            department=department,
            name=name,
            defaults={"title": title, "duties": duties, "sort_order": order * 10},
        )
        if not leader.photo:
            seed = f"{department.code}-leader-{order}"
            leader.photo.save(f"{seed}.jpg", demo_images.portrait(seed=seed), save=True)
