"""The synonyms a city starts with (migration 0002 loads them; staff edit them in
the admin after). Each: what citizens type → what the catalogue, the letters and
the entries call it, departments' common names included. Two-way pairs are two
rows (社保 → 社会保险 and 社会保险 → 社保)."""

SYNONYMS: list[tuple[str, list[str]]] = [
    ("社保", ["社会保险", "人社局", "劳动和社会保障局", "社保局"]),
    ("社会保险", ["社保"]),
    ("医保", ["医疗保险", "医疗保障", "医保局"]),
    ("医疗保险", ["医保"]),
    ("失业金", ["失业保险金", "失业保险", "失业补贴"]),
    ("失业保险金", ["失业金"]),
    ("退休", ["退休金", "养老保险", "养老金", "退休审批"]),
    ("养老金", ["养老保险", "退休金"]),
    ("工伤", ["工伤保险", "工伤认定"]),
    ("生育险", ["生育保险", "生育津贴"]),
    ("欠薪", ["拖欠工资", "讨薪", "劳动监察", "劳动仲裁"]),
    ("讨薪", ["拖欠工资", "欠薪", "劳动监察"]),
    ("公积金", ["住房公积金"]),
    ("户口", ["户籍", "落户", "户口簿"]),
    ("落户", ["户籍", "户口迁入"]),
    ("身份证", ["居民身份证"]),
    ("护照", ["出入境", "普通护照"]),
    ("居住证", ["暂住证"]),
    ("驾照", ["驾驶证", "机动车驾驶证"]),
    ("营业执照", ["工商登记", "营业登记", "市场监管局"]),
    ("个体户", ["个体工商户"]),
    ("食品安全", ["食品", "餐饮", "市场监管局"]),
    ("假冒", ["假货", "伪劣", "市场监管局"]),
    ("低保", ["最低生活保障", "民政局"]),
    ("五保", ["五保供养", "特困供养"]),
    ("结婚", ["婚姻登记", "结婚登记"]),
    ("离婚", ["婚姻登记", "离婚登记"]),
    ("残疾证", ["残疾人证"]),
    ("噪音", ["噪声"]),
    ("噪声", ["噪音"]),
    ("环保", ["环境保护", "环保局", "生态环境"]),
    ("油烟", ["餐饮油烟"]),
    ("排污", ["污水", "排放"]),
    ("疫苗", ["预防接种", "接种"]),
    ("医院", ["医疗机构", "卫生局"]),
    ("看病", ["就医", "医疗"]),
    ("城管", ["城市管理", "城管局"]),
]


def seed_synonyms(synonym_model) -> int:
    """Add the synonyms above that are missing (the migration passes its
    historical model, seed_demo the real one); staff edits are kept."""
    added = 0
    for term, alternatives in SYNONYMS:
        _row, created = synonym_model.objects.get_or_create(
            term=term, defaults={"alternatives": "\n".join(alternatives)}
        )
        added += created
    return added
