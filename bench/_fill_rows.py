"""The rows of bench/fill.py: cases over three years in a 12345 office's shares,
their first timeline events, ratings and callbacks, as dicts of column values
(times as epoch seconds; fill.py writes them with COPY or bulk_create).

Shares: about 3 % open (submitted/accepted), a fifth of them overdue (the rest
within their limit: recent, or extended); 0.3 % waiting for the citizen, 0.3 % at
the dispatch centre or sent back to it, 2.5 % rejected, 1 % merged, the rest
answered (replied, mostly closed). 30 % agreed to publication, a third of the
answered ones are rated, 40 % of the closed ones called back, 3 % were sent back
and dispatched again on their way, 1 % of the accepted ones co-handled (协办).
Departments get skewed shares and their own topics, so a search for 社保 finds
mostly 人社局's cases; 15 % of the cases come from callers who call again (a
phone search finds a handful).
"""

import random
import time
from collections import Counter

SPAN_GROWTH = 0.6  # the last day of the span sees 1.3 / 0.7 the cases of the first
WORKDAY_RATIO = 7 / 5
LOCAL_OFFSET = 8 * 3600  # Asia/Shanghai, for the numbers' day

# fmt: off
# code → (share weight, topics, space-separated). Demo departments
# (departments/demo.py) first; 住建局, the busiest, is where the changelist
# benchmark's officer works: its topics hold 噪音 and the phrase 电动车充电.
TOPICS = {
    "hrss": (11, "社保缴费基数调整咨询 社保卡补办流程 失业补贴怎么申领 灵活就业人员社保断缴 "
                 "公司拖欠工资 养老保险关系转移 社保卡挂失 劳动合同纠纷仲裁"),
    "eeb": (8, "夜间施工噪音扰民 广场舞噪音太大 餐馆油烟直排 工厂废气异味 河道污水排放 商铺音响噪音扰民"),
    "finance": (1, "财政补贴发放进度 非税收入缴款咨询"),
    "health": (4, "社区卫生服务中心排队久 疫苗接种预约 医院挂号难 诊所无证行医"),
    "police": (5, "户口迁移咨询 身份证补办 居住证办理 夜间飙车噪音"),
    "samr": (7, "商家虚假宣传 网购退款难 超市销售过期食品 预付卡退费难 价格欺诈"),
    "civil-affairs": (3, "低保申请条件 养老服务补贴 建议增设老年食堂 婚姻登记预约"),
}
EXTRA_TOPICS = [
    ("bench-zjj", "住房和城乡建设局", "住建局", 14, "物业服务不到位 电梯频繁故障 小区电动车充电桩不足 "
     "房屋漏水维修 老旧小区改造进度 夜间施工噪音扰民 工地噪音超时作业 电动车充电难"),
    ("bench-cgj", "城市管理局", "城管局", 12, "小区门口车辆乱停 占道经营 垃圾清运不及时 违章搭建 "
     "共享单车乱放 路灯不亮"),
    ("bench-jtj", "交通运输局", "交通局", 7, "公交线路调整建议 建议增设公交站点 出租车拒载 道路坑洼不平"),
    ("bench-ybj", "医疗保障局", "医保局", 5, "医保报销比例咨询 异地就医医保备案 医保卡余额查询 "
     "门诊慢特病医保待遇 医保个人账户家庭共济"),
    ("bench-jyj", "教育局", "教育局", 5, "学区划分咨询 校外培训退费 幼儿园入园难 校车安全"),
    ("bench-swj", "水务局", "水务局", 3, "停水未提前通知 水压低 下水道堵塞"),
    ("bench-zrzy", "自然资源和规划局", "自然资源局", 2, "不动产登记办理 土地征收补偿"),
    ("bench-gd", "供电公司", "供电公司", 3, "频繁停电 电费异常 电动车充电桩报装"),
    ("bench-rq", "燃气公司", "燃气公司", 2, "燃气费缴纳 燃气管道老化 燃气泄漏报修"),
    *[(f"bench-jd{n}", f"{name}街道办事处", f"{name}街道", 1.5, "小区噪音扰民 邻里纠纷调解 楼道堆物 小区电动车充电难")
      for n, name in enumerate(["东城", "西城", "南湖", "北关", "新华", "文化"], start=1)],
]
EXTRA_DEPARTMENTS = [(code, name, short) for code, name, short, *_ in EXTRA_TOPICS]
# The changelist benchmark's officer's department, and the searches it times.
BUSIEST = "bench-zjj"
PLACES = ["东城花园", "幸福路", "建设路", "阳光小区", "滨河新村", "高新区", "老城区", "火车站附近", "实验小学门口", "人民医院旁"]
DETAILS = [
    "已经持续一个多月，多次反映未解决，希望尽快处理。",
    "具体地点在小区东门附近，每天晚上十点以后尤其严重。",
    "打过几次电话都没人接，请相关部门给个说法。",
    "家里有老人和孩子，影响很大，恳请核实处理。",
    "不清楚应该找哪个部门，麻烦告知办理流程和所需材料。",
    "周边居民意见很大，建议加强日常巡查。",
    "之前反映过一次，答复说会处理，但至今没有变化。",
    "希望能在网上办理，减少来回跑。",
]
COMPLAINEES = ["东城花园物业公司", "幸福路烧烤店", "东城花园东侧工地", "阳光超市", "滨河新村物业", "某培训机构", "老城区夜市摊位", "某房地产开发公司", "高新区某化工厂", "顺达出租车公司"]
REPLIES = [
    "经核实，已责令相关单位立即整改，并将持续跟踪。",
    "您反映的问题已转交属地街道处理，现已解决。",
    "已按政策为您答复办理流程，具体材料详见答复内容。",
    "经现场查看，情况属实，已依法处理。",
    "感谢您的建议，我们将在下一步工作中研究采纳。",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
KINDS = {"consultation": 45, "complaint": 35, "suggestion": 20}
REPLY_DAYS = {"consultation": 3, "complaint": 5, "suggestion": 15}  # settings' defaults
CHANNELS = {"h5": 45, "phone": 35, "walk_in": 10, "api": 5, "admin": 5}
LEVELS = ([5, 4, 3, 2, 1], [40, 30, 15, 10, 5])
PREFIXES = {"consultation": "ZX", "complaint": "TS", "suggestion": "JY"}
DAY = 86400.0


# fmt: on


class DocumentCache:
    """`cases.search.case_document` once per distinct text, not per row."""

    def __init__(self):
        try:
            from cases.search import case_document

            case_document(title="社保", content="医保")
        except (ImportError, NotImplementedError):
            print("  fill: cases.search.case_document not there yet: empty documents")
            case_document = None
        self.compute = case_document
        self.known: dict[tuple, str] = {}
        self.seconds = 0.0

    def __call__(self, title: str, content: str, complainee: str) -> str:
        key = (title, content, complainee)
        found = self.known.get(key)
        if found is None:
            start = time.perf_counter()
            found = self.known[key] = (
                self.compute(title=title, content=content, complainee=complainee)
                if self.compute
                else ""
            )
            self.seconds += time.perf_counter() - start
        return found


class CaseRows:
    """Plans `count` cases (times, kinds, statuses) up front; `generate()` yields
    (model, row) for cases, events, ratings and callbacks in id order."""

    def __init__(
        self, *, count, kind, years, departments, center, first_id, first_event_id
    ):
        self.rng = random.Random(7)
        self.count, self.first_id, self.event_id = count, first_id, first_event_id
        self.now = time.time() - 60
        self.center_id = center.pk
        by_code = {department.code: department for department in departments}
        weighted = [
            (by_code[code], weight, topics.split())
            for code, (weight, topics) in TOPICS.items()
        ]
        weighted += [
            (by_code[code], weight, topics.split())
            for code, _n, _s, weight, topics in EXTRA_TOPICS
        ]
        self.departments = [(d.pk, topics) for d, _w, topics in weighted]
        self.department_weights = [w for _d, w, _t in weighted]
        self.times = self._times(count, years)
        kinds = list(KINDS)
        self.kinds = (
            [kind] * count
            if kind
            else self.rng.choices(kinds, [KINDS[k] for k in kinds], k=count)
        )
        self.due = [
            t + REPLY_DAYS[k] * WORKDAY_RATIO * DAY
            for t, k in zip(self.times, self.kinds, strict=True)
        ]
        self.statuses = self._statuses()
        self.phones = [
            f"1{self.rng.choice('3456789')}{self.rng.randint(0, 999999999):09d}"
            for _ in range(max(count // 50, 10))
        ]
        self.documents = DocumentCache()
        self.counts = Counter()
        self.overdue_open = 0

    def _times(self, count, years):
        """Sorted submission times: growing over the span, in office hours mostly."""
        rng, days = self.rng, years * 365
        a, b = 1 - SPAN_GROWTH / 2, SPAN_GROWTH
        start = (self.now + LOCAL_OFFSET) // DAY * DAY - LOCAL_OFFSET - (days - 1) * DAY
        hours = list(range(24))
        hour_weights = [
            1,
            1,
            1,
            1,
            1,
            2,
            4,
            8,
            12,
            14,
            14,
            12,
            9,
            11,
            13,
            13,
            12,
            10,
            8,
            7,
            6,
            4,
            3,
            2,
        ]
        times = []
        for _ in range(count):
            u = rng.random()
            x = (-a + (a * a + 2 * b * u) ** 0.5) / b  # inverse of the growing density
            hour = rng.choices(hours, hour_weights)[0]
            t = start + int(x * days) * DAY + (hour + rng.random()) * 3600
            times.append(t if t < self.now else self.now - rng.random() * 3600)
        times.sort()
        return times

    def _statuses(self):
        rng, n, now = self.rng, self.count, self.now
        statuses = [None] * n
        recent = [i for i in range(n) if now - self.times[i] < 60 * DAY]
        in_window = [i for i in recent if self.due[i] > now]
        overdue_pool = [
            i
            for i in range(n)
            if self.due[i] <= now and now - self.times[i] < 120 * DAY
        ]
        open_n = round(n * 0.03)
        overdue_n = open_n // 5
        rng.shuffle(in_window)
        chosen = in_window[: open_n - overdue_n]
        # Beyond the recent cases within their limit: older ones with an extension.
        extended = [i for i in recent if self.due[i] <= now]
        rng.shuffle(extended)
        for i in extended[: open_n - overdue_n - len(chosen)]:
            self.due[i] = now + rng.uniform(1, 10) * DAY
            chosen.append(i)
        free = set(overdue_pool) - set(chosen)
        chosen += rng.sample(sorted(free), min(overdue_n, len(free)))
        for i in chosen:
            statuses[i] = "accepted" if rng.random() < 0.7 else "submitted"
        left = [i for i in recent if statuses[i] is None]
        rng.shuffle(left)
        cut = round(n * 0.003)
        for status, share in [("waiting", 1), ("dispatching", 0.5), ("returned", 0.5)]:
            for _ in range(round(cut * share)):
                if left:
                    statuses[left.pop()] = status
        for i in range(n):
            if statuses[i] is None:
                r = rng.random()
                young = now - self.times[i] < 30 * DAY
                statuses[i] = (
                    "rejected"
                    if r < 0.025
                    else "merged"
                    if r < 0.035
                    else "replied"
                    if (young and r < 0.5) or r < 0.1
                    else "closed"
                )
        return statuses

    def generate(self):
        """(model, row dict) for every row, each case before what points at it."""
        from cases.models import Case, CaseCallback, CaseEvent, CoHandling
        from feedback.models import CaseEvaluation

        rng, now, counters = self.rng, self.now, Counter()
        for i in range(self.count):
            case_id, kind, status, t = (
                self.first_id + i,
                self.kinds[i],
                self.statuses[i],
                self.times[i],
            )
            department_id, topics = rng.choices(
                self.departments, self.department_weights
            )[0]
            issue = rng.choice(topics)
            title = f"{rng.choice(PLACES)}{issue}" if rng.random() < 0.6 else issue
            content = f"{title}。{rng.choice(DETAILS)}"
            complainee = rng.choice(COMPLAINEES) if kind == "complaint" else ""
            prefix = PREFIXES[kind] + time.strftime(
                "-%Y%m%d", time.gmtime(t + LOCAL_OFFSET)
            )
            # From 5001: the real counter hands out 0001 upwards to cases the
            # benchmarks submit through the services beside these (seed_demo's
            # on past days too).
            counters[prefix] += 1
            serial = counters[prefix] + 5000
            anonymous = rng.random() < 0.03
            phone = (
                rng.choice(self.phones)
                if rng.random() < 0.15
                else f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"
            )
            row = {
                "id": case_id,
                "number": f"{prefix}-{serial:04d}",
                "kind": kind,
                "query_code_hash": "0" * 64,
                "title": title,
                "content": content,
                "department_id": department_id,
                "complainee": complainee,
                "contact_name": ""
                if anonymous
                else rng.choice(SURNAMES) + rng.choice(["女士", "先生"]),
                "contact_phone": phone,
                "is_anonymous": anonymous,
                "publish_consent": rng.random() < 0.3,
                "sms_consent": rng.random() < 0.6,
                "channel": rng.choices(list(CHANNELS), list(CHANNELS.values()))[0],
                "status": status,
                "submitted_at": t,
                "due_at": self.due[i],
                "search_document": self.documents(title, content, complainee),
            }
            events = [
                (
                    "submit",
                    t,
                    "",
                    "dispatching" if status == "dispatching" else "submitted",
                    "",
                )
            ]
            if status in {"dispatching", "returned"}:
                row["department_id"] = self.center_id
            if status == "returned":
                events.append(
                    ("send_back", t + 3600, "submitted", "returned", "非本单位职责")
                )
            elif status not in {"submitted", "dispatching", "rejected"}:
                if rng.random() < 0.03:  # sent back on its way, then dispatched again
                    events += [
                        (
                            "send_back",
                            t + 1800,
                            "submitted",
                            "returned",
                            "非本单位职责",
                        ),
                        ("dispatch", t + 3600, "returned", "submitted", ""),
                    ]
                accepted = min(t + rng.uniform(0.2, 20) * 3600, now)
                row["accepted_at"] = accepted
                events.append(("accept", accepted, "submitted", "accepted", ""))
                self._answer(row, events, accepted, i)
            elif status == "rejected":
                row["rejected_at"] = min(t + rng.uniform(1, 24) * 3600, now)
                row["rejection_reason"] = "不属于受理范围，已告知市民向有关机关反映。"
                events.append(
                    ("reject", row["rejected_at"], "submitted", "rejected", "")
                )
            row["updated_at"] = events[-1][1]
            yield Case, row
            for action, at, before, after, note in events:
                self.event_id += 1
                yield (
                    CaseEvent,
                    {
                        "id": self.event_id - 1,
                        "case_id": case_id,
                        "created_at": at,
                        "action": action,
                        "from_status": before,
                        "to_status": after,
                        "note": note,
                        "is_public": action != "send_back",
                    },
                )
            self.counts[row["status"]] += 1
            self.counts["publication consent"] += row["publish_consent"]
            self.counts["events"] += len(events)
            if row["status"] in {"submitted", "accepted"} and row["due_at"] < now:
                self.overdue_open += 1
            if row["status"] in {"replied", "closed"} and rng.random() < 1 / 3:
                self.counts["ratings"] += 1
                yield (
                    CaseEvaluation,
                    {
                        "case_id": case_id,
                        "department_id": row["department_id"],
                        "level": rng.choices(*LEVELS)[0],
                        "comment": "",
                        "created_at": min(
                            row["replied_at"] + rng.uniform(0, 3) * DAY, now
                        ),
                        "is_void": False,
                        "reply_round": 1,
                    },
                )
            if row["status"] == "closed" and rng.random() < 0.4:
                self.counts["callbacks"] += 1
                result = rng.choices(
                    ["satisfied", "basically", "dissatisfied"], [75, 20, 5]
                )[0]
                yield (
                    CaseCallback,
                    {
                        "case_id": case_id,
                        "round": 0,
                        "result": result,
                        "note": "",
                        "called_at": min(
                            row["closed_at"] + rng.uniform(0.1, 2) * DAY, now
                        ),
                    },
                )
            if "accepted_at" in row and rng.random() < 0.01:  # 协办 by another
                other = rng.choice(self.departments)[0]
                if other != row["department_id"]:
                    self.counts["co-handlings"] += 1
                    invited = row["accepted_at"] + 3600
                    yield (
                        CoHandling,
                        {
                            "case_id": case_id,
                            "department_id": other,
                            "invited_at": invited,
                            "due_at": invited + 3 * DAY,
                            "opinion": "已配合核查。",
                            "answered_at": min(invited + DAY, now),
                        },
                    )

    def _answer(self, row, events, accepted, i):
        """What follows 受理: waiting, merged, or the answer and 办结."""
        rng, now, status = self.rng, self.now, row["status"]
        if status == "waiting":
            row["paused_at"] = min(accepted + rng.uniform(1, 48) * 3600, now)
            row["info_question"] = "请补充现场照片和具体地址。"
            events.append(("info_request", row["paused_at"], "accepted", "waiting", ""))
        elif status == "merged":
            row["merged_into_id"] = self.first_id + max(i - rng.randint(1, 500), 0)
            row["status_before"] = "accepted"
            events.append(
                ("merge", min(accepted + 3600, now), "accepted", "merged", "")
            )
        elif status in {"replied", "closed"}:
            late = rng.random() < 0.08
            due = self.due[i]
            replied = (
                due + rng.uniform(0, 5) * DAY
                if late
                else accepted + rng.uniform(0.05, 0.95) * max(due - accepted, 3600)
            )
            row["replied_at"] = replied = min(replied, now)
            row["reply"] = rng.choice(REPLIES)
            events.append(("reply", replied, "accepted", "replied", row["reply"]))
            closed = replied + rng.uniform(1, 7) * DAY
            if status == "closed" and closed < now:
                row["closed_at"] = closed
                events.append(("close", closed, "replied", "closed", ""))
            else:
                row["status"] = "replied"

    def tally(self) -> dict[str, int]:
        return {
            **{
                f"status {status}": count
                for status, count in sorted(self.counts.items())
                if status in STATUSES
            },
            "open and overdue": self.overdue_open,
            **{
                key: self.counts[key]
                for key in [
                    "publication consent",
                    "events",
                    "ratings",
                    "callbacks",
                    "co-handlings",
                ]
            },
            "distinct search documents": len(self.documents.known),
        }


STATUSES = {
    "submitted",
    "accepted",
    "waiting",
    "dispatching",
    "returned",
    "replied",
    "closed",
    "rejected",
    "merged",
}
