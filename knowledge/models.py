"""知识库: answers the handling units keep, the synonyms every search applies,
and what citizens did with them (votes, 自助解决, questions nobody answered).

Rules live in knowledge/services.py and knowledge/selectors.py; docs/knowledge.md
says how the pieces fit.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from kernel.search import DocumentVector, VectorIndex

QUESTION_MAX = 200
ANSWER_MAX = 5000
KEYWORDS_MAX = 200


class Entry(models.Model):
    """One question and its answer. A department keeps its own; city-wide ones
    (no department) are the supervisors'."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    question = models.CharField(_("问题"), max_length=QUESTION_MAX)
    answer = models.TextField(
        _("答复"),
        max_length=ANSWER_MAX,
        help_text=_("纯文本，可换行，可写网址（以 http:// 或 https:// 开头）。"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属部门"),
        help_text=_("留空为全市通用条目，由督办人员维护。"),
    )
    service_type = models.ForeignKey(
        "departments.ServiceType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理事项"),
    )
    keywords = models.CharField(
        _("关键词"),
        max_length=KEYWORDS_MAX,
        blank=True,
        help_text=_(
            "以空格或顿号分隔，如：社保卡 补办 挂失。市民的文字里出现这些词时，"
            "本条目会出现在提交前的推荐里。"
        ),
    )
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_until = models.DateField(
        _("失效日期"), null=True, blank=True, help_text=_("政策到期后不再向市民展示。")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    source_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来源诉求"),
        editable=False,
    )
    views = models.PositiveIntegerField(_("浏览次数"), default=0, editable=False)
    helpful_count = models.PositiveIntegerField(_("有用"), default=0, editable=False)
    unhelpful_count = models.PositiveIntegerField(_("没用"), default=0, editable=False)
    # kernel.search's bigrams of question, keywords and answer (services write it).
    search_document = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=DocumentVector("search_document"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, editable=False)

    class Meta:
        verbose_name = _("知识条目")
        verbose_name_plural = _("知识库")
        ordering = ["-updated_at", "-id"]
        indexes = [
            VectorIndex(field="search_vector", name="knowledge_entry_vector"),
            models.Index(
                fields=["status", "department"], name="knowledge_entry_status"
            ),
        ]

    def __str__(self):
        return self.question


class EntryVote(models.Model):
    """有用 / 没用: one per entry, device and day (Asia/Shanghai)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    helpful = models.BooleanField()
    device_hash = models.CharField(max_length=64, editable=False)
    local_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("知识条目评价")
        verbose_name_plural = _("知识条目评价")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "device_hash", "local_date"],
                name="one_knowledge_vote_per_device_day",
            )
        ]

    def __str__(self):
        return f"{self.entry_id} {'有用' if self.helpful else '没用'} {self.local_date}"


class Synonym(models.Model):
    """社保 → 社会保险 / 人社局 / 劳动和社会保障局: a word citizens type and what
    the catalogue, the letters and the knowledge base call it. Applied by the one
    search service to every search (knowledge/terms.py)."""

    term = models.CharField(_("词语"), max_length=20, unique=True)
    alternatives = models.TextField(
        _("同义词"),
        max_length=500,
        help_text=_("每行一个，或以“/”分隔；搜索“词语”时也会找这些词。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["term"]

    def __str__(self):
        return self.term


class SelfServed(models.Model):
    """自助解决: a citizen read an answer and did not submit. One per entry,
    device and day; no text, no contact."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, blank=True)
    device_hash = models.CharField(max_length=64, editable=False)
    local_date = models.DateField()

    class Meta:
        verbose_name = _("自助解决")
        verbose_name_plural = _("自助解决")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "device_hash", "local_date"],
                name="one_self_served_per_device_day",
            )
        ]

    def __str__(self):
        return f"{self.entry_id} {self.local_date}"


class UnansweredQuestion(models.Model):
    """A question 问一问 found no entry for, its digits masked, counted: the
    most-asked ones without an answer are what to write next. Kept
    RETENTION_DAYS after it was last asked (knowledge/services.py)."""

    text = models.CharField(_("问题"), max_length=60, unique=True)
    times = models.PositiveIntegerField(_("次数"), default=1)
    first_asked = models.DateField(_("首次"))
    last_asked = models.DateField(_("最近"), db_index=True)

    class Meta:
        verbose_name = _("未解答的问题")
        verbose_name_plural = _("未解答的问题")
        ordering = ["-times", "-last_asked"]

    def __str__(self):
        return self.text


class KnowledgeDayCount(models.Model):
    """One Asia/Shanghai day of one department's entries (0: city-wide): what
    the dashboard counts, kept by the services in their transaction."""

    day = models.DateField()
    department_id = models.PositiveIntegerField(default=0)
    views = models.PositiveIntegerField(default=0)
    helpful = models.PositiveIntegerField(default=0)
    unhelpful = models.PositiveIntegerField(default=0)
    self_served = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "knowledge_rollup_day"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department_id"], name="knowledge_rollup_day_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.department_id}"


class EntryEvent(models.Model):
    """A knowledge entry's history: made (from a case), published, withdrawn,
    changed; written by knowledge/services.py with each change."""

    class Action(models.TextChoices):
        DRAFTED = "drafted", _("创建草稿")
        DRAFTED_FROM_CASE = "from_case", _("由诉求加入知识库")
        CHANGED = "changed", _("修改")
        PUBLISHED = "published", _("发布")
        WITHDRAWN = "withdrawn", _("撤回")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("知识条目记录")
        verbose_name_plural = _("知识条目记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"
