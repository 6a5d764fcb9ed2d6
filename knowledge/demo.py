"""The knowledge base's part of `manage.py seed_demo`: about forty published
entries across the demo departments, with keywords, as a 12345 office keeps them.
Idempotent: an entry is found again by its question."""

from django.db import transaction
from django.utils import timezone

from departments import selectors as department_selectors
from kernel import search as kernel_search
from knowledge.models import Entry, Synonym
from knowledge.synonyms_seed import seed_synonyms

# department code (None: city-wide), service type code or None, question,
# keywords, answer
ENTRIES: list[tuple[str | None, str | None, str, str, str]] = [
    (
        "hrss",
        "medical-insurance",
        "社保卡丢了怎么补办？",
        "社保卡 补办 挂失 社会保障卡",
        "请先拨打12333或在“掌上社保”挂失，再携带身份证原件到社会保障窗口（一楼3号窗口）补办。\n现场制卡约20分钟，工本费按规定收取。",
    ),
    (
        "hrss",
        "medical-insurance",
        "异地就医怎么备案报销？",
        "异地就医 备案 报销 医保",
        "异地长期居住或转诊就医，请先在“国家医保服务平台”办理异地就医备案，备案后持社会保障卡在定点医院直接结算。\n未备案的费用可回参保地按规定比例报销。",
    ),
    (
        "hrss",
        "medical-insurance",
        "城乡居民医保每年什么时候缴费？",
        "医保缴费 居民医保 参保",
        "城乡居民医疗保险每年9月至12月集中缴费，缴费后次年1月1日起享受待遇。可通过银行、微信或社区代办点缴纳。",
    ),
    (
        "hrss",
        "unemployment-subsidy",
        "失业金怎么领取？",
        "失业金 失业保险金 领取 申领",
        "非本人意愿中断就业、缴纳失业保险满一年并已办理失业登记的，可申领失业保险金。\n请携带身份证、解除劳动合同证明到就业服务窗口或网上办理，审核通过后按月发放到社会保障卡。",
    ),
    (
        "hrss",
        "unemployment-subsidy",
        "失业金每月能领多少？",
        "失业金 标准 金额",
        "失业保险金按本市最低工资标准的90%按月发放，领取期限根据缴费年限确定，最长24个月。",
    ),
    (
        "hrss",
        "unemployment-registration",
        "辞职后怎么办理失业登记？",
        "失业登记 辞职 离职",
        "离职后请携带身份证和解除劳动合同证明，到就业服务窗口（一楼5号窗口）或网上办理失业登记，当场办结。",
    ),
    (
        "hrss",
        "retirement",
        "退休手续怎么办理？需要什么材料？",
        "退休 退休手续 退休审批 养老",
        "达到法定退休年龄前一个月，由单位（灵活就业人员由本人）携带身份证、户口簿和职工档案到社会保障窗口申请退休审批。\n审批通过后次月起发放基本养老金。",
    ),
    (
        "hrss",
        "retirement",
        "养老金什么时候发放？",
        "养老金 退休金 发放",
        "基本养老金每月15日前发放到本人社会保障卡或指定银行账户，遇节假日顺延。",
    ),
    (
        "hrss",
        "labour-arbitration",
        "单位拖欠工资怎么办？",
        "欠薪 拖欠工资 讨薪 劳动监察",
        "可拨打劳动监察投诉电话12333或到劳动保障监察大队投诉，也可申请劳动仲裁。\n请保留劳动合同、考勤记录、工资条等证据。",
    ),
    (
        "hrss",
        "labour-arbitration",
        "劳动仲裁需要交费吗？",
        "劳动仲裁 费用 仲裁申请",
        "劳动争议仲裁不收费。请携带仲裁申请书、身份证复印件和劳动关系证明材料到劳动仲裁院提交申请，受理后45日内作出裁决。",
    ),
    (
        "hrss",
        "employment-training",
        "有没有免费的职业技能培训？",
        "技能培训 就业培训 免费培训",
        "登记失业人员、农村转移劳动力等可参加政府补贴的职业技能培训，报名请到就业服务窗口或关注人社局公众号。",
    ),
    (
        "hrss",
        "entrepreneurship-card",
        "创业担保贷款怎么申请？",
        "创业贷款 创业担保贷款 就业创业证",
        "持就业创业证的个人创业者可申请最高30万元的创业担保贷款，财政按规定贴息。请携带营业执照和身份证到就业服务窗口申请。",
    ),
    (
        "hrss",
        None,
        "工伤认定怎么申请？",
        "工伤 工伤认定 工伤保险",
        "发生工伤后，单位应在30日内、个人可在1年内向人社局申请工伤认定，需提交工伤认定申请表、劳动关系证明和医疗诊断证明。",
    ),
    (
        "eeb",
        "pollution-control",
        "夜间施工噪音扰民向哪里投诉？",
        "噪音 噪声 施工 夜间施工 扰民",
        "夜间22时至次日6时禁止产生噪声的建筑施工作业（抢修、抢险除外）。\n可拨打12345或在本平台“我要投诉”提交，环保局将在接诉后派员核查。",
    ),
    (
        "eeb",
        "pollution-control",
        "饭店油烟太大怎么投诉？",
        "油烟 餐饮油烟 饭店 排烟",
        "餐饮单位须安装油烟净化设施并正常使用。请在“我要投诉”中写明店名和地址，环保局会同城管部门核查处理。",
    ),
    (
        "eeb",
        "pollution-control",
        "工厂偷排污水怎么举报？",
        "排污 污水 偷排 举报",
        "请拍照或录像并记下时间地点，通过“我要投诉”提交或拨打12369环保热线。举报属实的按规定给予奖励。",
    ),
    (
        "eeb",
        "supervision",
        "新建项目需要做环评吗？",
        "环评 环境影响评价 项目审批",
        "按照建设项目环境影响评价分类管理名录，编制报告书、报告表或填报登记表。具体类别可到环保局政务窗口咨询。",
    ),
    (
        "eeb",
        None,
        "空气质量数据在哪里查？",
        "空气质量 AQI PM2.5",
        "可在环保局官网“环境质量”栏目或“空气质量”公众号查询全市各监测点的实时数据。",
    ),
    (
        "finance",
        "supplier-registration",
        "怎么成为政府采购供应商？",
        "政府采购 供应商 注册",
        "请在政府采购网完成供应商注册，上传营业执照等资料，审核通过后即可参与采购项目。",
    ),
    (
        "finance",
        "procurement-complaint",
        "对政府采购结果有异议怎么办？",
        "采购质疑 采购投诉",
        "供应商可在知道或应知其权益受损之日起7个工作日内向采购人提出书面质疑；对答复不满意的，可在答复期满后15个工作日内向财政局投诉。",
    ),
    (
        "finance",
        None,
        "非税收入缴款书怎么缴费？",
        "非税收入 缴款 缴费",
        "可凭缴款书上的缴款码通过银行柜台、网上银行或“统一公共支付平台”缴纳。",
    ),
    (
        "health",
        "vaccination",
        "孩子打疫苗需要预约吗？",
        "疫苗 预防接种 预约 儿童",
        "儿童免疫规划疫苗请在所属社区卫生服务中心接种，可通过“预防接种”公众号预约，接种时携带预防接种证。",
    ),
    (
        "health",
        "vaccination",
        "成人能接种哪些疫苗？",
        "成人疫苗 流感疫苗 接种",
        "成人可自愿自费接种流感、带状疱疹、HPV等疫苗，请提前电话或线上预约所属社区卫生服务中心。",
    ),
    (
        "health",
        "clinic-licence",
        "开诊所需要办理哪些手续？",
        "诊所 备案 医疗机构执业许可",
        "诊所实行备案管理，请提交诊所备案信息表、房屋证明、人员资格证明等材料到卫生局政务窗口。",
    ),
    (
        "health",
        "physician-registration",
        "医师执业注册怎么办理？",
        "医师注册 执业注册 变更",
        "通过“电子化注册系统”在线提交执业注册或变更申请，卫生局在20个工作日内审核。",
    ),
    (
        "health",
        None,
        "对医院的服务不满意怎么投诉？",
        "医院 投诉 医疗纠纷 看病",
        "可先向医院医务科或投诉办反映；对处理不满意的，可通过“我要投诉”提交，写明医院名称、科室和经过。",
    ),
    (
        "police",
        "hukou-transfer",
        "户口迁移需要什么材料？",
        "户口 落户 迁户口 户籍",
        "投靠落户、购房落户等请携带户口簿、身份证、不动产权证或相关证明到户政窗口办理，部分事项可网上预约。",
    ),
    (
        "police",
        "id-card",
        "身份证丢了怎么补办？",
        "身份证 补办 挂失 居民身份证",
        "请携带户口簿到户政窗口补领，现场采集照片和指纹，15个工作日内制证；急用可同时申请临时身份证。",
    ),
    (
        "police",
        "id-card",
        "身份证可以异地办理吗？",
        "身份证 异地办理 跨省通办",
        "居民身份证可在全国任一户政窗口申请换领、补领，无需回户籍地。",
    ),
    (
        "police",
        None,
        "居住证怎么办理？",
        "居住证 暂住证 申领",
        "在本市居住满半年并有合法稳定就业、住所或连续就读的，可持身份证和居住证明到社区警务室申领居住证。",
    ),
    (
        "police",
        None,
        "护照怎么办理？多久能拿到？",
        "护照 出入境 出国",
        "携带身份证到出入境接待大厅申请，现场采集照片，7个工作日内可取证，支持邮寄。",
    ),
    (
        "samr",
        "sole-trader",
        "个体户营业执照怎么办？",
        "个体户 营业执照 个体工商户 开店",
        "可通过“企业开办一网通办”平台在线申请，或携带身份证和经营场所证明到市场监管局窗口办理，材料齐全当场发照。",
    ),
    (
        "samr",
        "company-setup",
        "注册公司要多长时间？",
        "注册公司 企业开办 营业执照",
        "材料齐全的，企业开办（营业执照、刻章、发票申领）1个工作日内办结。",
    ),
    (
        "samr",
        "food-licence",
        "开饭店需要办食品经营许可证吗？",
        "食品经营许可 饭店 餐饮 食品安全",
        "从事餐饮服务须取得食品经营许可证，请在线提交申请，市场监管局现场核查后10个工作日内发证。",
    ),
    (
        "samr",
        None,
        "买到假货怎么投诉？",
        "假货 假冒 伪劣 消费维权 12315",
        "请保留购物凭证和商品，通过12315平台或“我要投诉”提交，写明商家名称、地址和经过。",
    ),
    (
        "civil-affairs",
        "marriage-registration",
        "结婚登记需要带什么？",
        "结婚 结婚登记 婚姻登记",
        "双方携带户口簿、身份证原件及近期2寸双人合照到婚姻登记处办理，可网上预约，全国通办试点地区可异地办理。",
    ),
    (
        "civil-affairs",
        "marriage-registration",
        "离婚登记有冷静期吗？",
        "离婚 离婚登记 冷静期",
        "协议离婚设30日冷静期：双方申请后30日内任一方可撤回；期满后30日内双方共同到场领证。",
    ),
    (
        "civil-affairs",
        "minimum-living",
        "低保怎么申请？",
        "低保 最低生活保障 困难救助",
        "家庭人均收入低于当地低保标准并符合财产规定的，可向户籍所在地乡镇（街道）提出申请，民政局审核后按月发放。",
    ),
    (
        "civil-affairs",
        "elderly-care-subsidy",
        "高龄补贴怎么领？",
        "高龄补贴 养老补贴 老年人",
        "80周岁以上老年人可在户籍所在社区申请高龄津贴，审核通过后按月发放到本人账户。",
    ),
    (
        None,
        None,
        "12345热线能办什么？",
        "12345 热线 政务服务",
        "12345政务服务便民热线受理咨询、求助、投诉、举报和建议，24小时服务。紧急警情请拨打110、119、120。",
    ),
    (
        None,
        None,
        "提交的诉求多久能答复？",
        "办理时限 答复时间 多久",
        "咨询一般3个工作日内答复，投诉举报一般5至15个工作日内办结。可凭登记编号和查询码在“进度查询”查看。",
    ),
    (
        None,
        None,
        "忘记了诉求的查询码怎么办？",
        "查询码 忘记 进度查询",
        "可在“我的”中用提交时填写的手机号获取验证码登录，查看本人提交的全部诉求。",
    ),
]


@transaction.atomic
def seed_knowledge() -> int:
    """Create or update the demo entries (and the synonyms, if a flush took
    them); the number of entries after."""
    seed_synonyms(Synonym)
    now = timezone.now()
    departments = {d.code: d for d in department_selectors.department_list()}
    services = {s.code: s for s in department_selectors.service_type_list()}
    for code, service_code, question, keywords, answer in ENTRIES:
        department = departments.get(code) if code else None
        if code and department is None:
            continue
        service = services.get(service_code) if service_code else None
        Entry.objects.update_or_create(
            question=question,
            defaults={
                "answer": answer,
                "keywords": keywords,
                "department": department,
                "service_type": service,
                "status": Entry.Status.PUBLISHED,
                "search_document": kernel_search.document(question, keywords, answer),
            },
            create_defaults={
                "answer": answer,
                "keywords": keywords,
                "department": department,
                "service_type": service,
                "status": Entry.Status.PUBLISHED,
                "search_document": kernel_search.document(question, keywords, answer),
                "published_at": now,
            },
        )
    return Entry.objects.filter(status=Entry.Status.PUBLISHED).count()
