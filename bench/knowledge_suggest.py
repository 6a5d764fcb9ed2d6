"""Answers before asking at a city's size: GET /api/v1/knowledge/suggest/ with
10,000 knowledge entries and the fill's cases (1,000,000 for the issue's figure).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/knowledge_suggest.py --cases 1000000 --entries 10000

Times (in-process, Django's test client, throttles lifted) a consultation as it is
typed (a sentence holding known words), a complaint's text about 噪音 (a word in
tens of thousands of public letters), 问一问's short question, and the knowledge
list's search. Each suggestion is three reads (entries ranked by the known words
in the text, public letters along their index, the service catalogue); the floor
is every SELECT of the request replayed bare. The target is p95 ≤ 50 ms.
Harness: bench/_measure.py.
"""

import argparse
import itertools

from _measure import Figure, add_arguments, measure, report
from _setup import setup_django

# Topics an office writes entries about, and what each entry is about within one.
TOPICS = [
    "社保卡",
    "医保报销",
    "失业金",
    "退休",
    "公积金提取",
    "户口迁移",
    "身份证",
    "居住证",
    "营业执照",
    "食品经营许可",
    "婚姻登记",
    "低保",
    "高龄补贴",
    "疫苗接种",
    "诊所备案",
    "工伤认定",
    "劳动仲裁",
    "拖欠工资",
    "职业培训",
    "创业贷款",
    "噪音",
    "油烟",
    "排污",
    "环评",
    "政府采购",
    "非税收入",
    "驾驶证",
    "护照",
    "残疾人证",
    "养老保险",
    "生育保险",
    "住房补贴",
    "电动车充电",
    "物业纠纷",
    "停车收费",
    "垃圾分类",
    "供暖",
    "燃气",
    "供水",
    "学区划分",
    "入学报名",
    "医疗救助",
    "临时救助",
    "就业登记",
    "人才引进",
    "落户",
]
ASPECTS = [
    "怎么办理",
    "需要什么材料",
    "多久能办好",
    "在哪里办",
    "收费吗",
    "可以网上办吗",
    "异地怎么办",
    "丢了怎么补",
    "标准是多少",
    "有什么条件",
    "进度怎么查",
    "能委托吗",
]


def fill_entries(count: int) -> int:
    from departments.models import Department
    from kernel import search as kernel_search
    from knowledge.demo import seed_knowledge
    from knowledge.models import Entry

    seed_knowledge()
    have = Entry.objects.count()
    if have >= count:
        return have
    departments = list(Department.objects.filter(is_active=True).order_by("pk"))
    rows = []
    pairs = itertools.cycle(itertools.product(TOPICS, ASPECTS))
    for i in range(have, count):
        topic, aspect = next(pairs)
        question = f"{topic}{aspect}？（{i}）"
        keywords = f"{topic} {topic}{aspect[:2]}"
        answer = f"关于{topic}：请携带身份证到{departments[i % len(departments)].name}窗口办理，{aspect}请见办事指南。"
        rows.append(
            Entry(
                question=question,
                answer=answer,
                keywords=keywords,
                department=departments[i % len(departments)] if i % 7 else None,
                status=Entry.Status.PUBLISHED if i % 10 else Entry.Status.DRAFT,
                helpful_count=i % 13,
                search_document=kernel_search.document(question, keywords, answer),
            )
        )
    Entry.objects.bulk_create(rows, batch_size=1000)
    return Entry.objects.count()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=10_000)
    add_arguments(parser)
    args = parser.parse_args()
    vendor = setup_django(fill=args.cases)

    from django.db import connection
    from django.test import Client
    from fill import departments as fill_departments
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "100000000/hour"
    )
    fill_departments()
    entries = fill_entries(args.entries)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum leaves a table: the GIN index's pending list merged
            # (bulk inserts go there first; a scan then reads it row by row).
            cursor.execute("VACUUM ANALYZE knowledge_entry")
    client = Client()

    def suggest(**params):
        return lambda: client.get("/api/v1/knowledge/suggest/", params)

    is_entries = lambda sql: 'FROM "knowledge_entry"' in sql  # noqa: E731
    figures = [
        Figure(
            "suggest, a consultation as typed",
            suggest(q="社保卡丢了去哪里补办，需要带什么材料", kind="consultation"),
            main=is_entries,
            target_ms=50,
            index="knowledge_entry_vector",
        ),
        Figure(
            "suggest, a complaint about 噪音 (common in the letters)",
            suggest(q="楼下工地夜间施工噪音扰民，晚上睡不着", kind="complaint"),
            floor="replay",
            target_ms=50,
        ),
        Figure(
            "问一问, a short question",
            suggest(q="公积金提取", ask="true"),
            floor="replay",
            target_ms=50,
        ),
        Figure(
            "knowledge list, search 失业金",
            lambda: client.get("/api/v1/knowledge/", {"search": "失业金"}),
            floor="replay",
        ),
    ]
    report(
        measure(figures, args),
        title=f"Knowledge suggestions on {vendor}",
        args=args,
        cases=args.cases,
        notes=[f"{entries} knowledge entries (nine in ten published)"],
    )


if __name__ == "__main__":
    main()
