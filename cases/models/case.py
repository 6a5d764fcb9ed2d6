"""The case itself: consultations (咨询求助), complaints/reports (投诉举报), suggestions
(建议献策), their photos, the timeline of every step, and used Idempotency-Keys.

Nobody sets `Case.status` or saves a case directly: `cases.services` does, and
writes a `CaseEvent` in the same transaction.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.search import DocumentVector, VectorIndex
from kernel.storage import private_storage

# The statuses of an answered case (cases.workflow.ANSWERED_FOR_RATING, which
# imports this module): the public letters' and the answered list's partial
# indexes cover only them.
_ANSWERED = Q(status__in=["replied", "closed"])
_PUBLISHED = Q(publish_consent=True) & _ANSWERED


class Case(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("咨询求助")
        COMPLAINT = "complaint", _("投诉举报")
        SUGGESTION = "suggestion", _("建议献策")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已办结")
        REJECTED = "rejected", _("不予受理")
        # Sent back by a department as not its business (退单); a dispatcher
        # re-dispatches it or refuses the return.
        RETURNED = "returned", _("已退回待分派")
        # At the city's dispatch centre (市级分拨): no routing rule knew the
        # department; a dispatcher (分拨员) sends it to one.
        DISPATCHING = "dispatching", _("待分拨")
        # 挂起: staff asked the citizen for more; the clock stops until they answer.
        WAITING = "waiting", _("待补充材料")
        # 并单: follows its main case (`merged_into`) and gets its answer.
        MERGED = "merged", _("已并单")
        # 拆分: its matters went on as child cases (`children`).
        SPLIT = "split", _("已拆分")

    class Channel(models.TextChoices):
        H5 = "h5", _("H5页面")
        API = "api", _("开放接口")
        ADMIN = "admin", _("后台代录")
        PHONE = "phone", _("电话")
        WALK_IN = "walk_in", _("窗口来访")
        # GeoReport v2 (open311/): another system's client; which one, the
        # SUBMIT event's note says and open311.SubmittedRequest keeps.
        OPEN311 = "open311", _("Open311 接口")

    number = models.CharField(_("登记编号"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    query_code_hash = models.CharField(_("查询码摘要"), max_length=64, editable=False)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("承办部门"),
    )
    service_type = models.ForeignKey(
        "departments.ServiceType",
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("服务类型"),
    )
    complainee = models.CharField(_("被投诉/举报对象"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    publish_consent = models.BooleanField(_("同意公开"), default=False)
    # PIPL: the citizen's own choice at submission; staff record it on the
    # registration form for a caller, who is asked on the phone.
    sms_consent = models.BooleanField(
        _("接收短信通知"),
        default=False,
        help_text=_("市民同意接收办理进度短信；可在查询页随时退订。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=Status.choices,
        default=Status.SUBMITTED,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("提交时间"), editable=False)
    accepted_at = models.DateTimeField(
        _("受理时间"), null=True, blank=True, editable=False
    )
    replied_at = models.DateTimeField(
        _("答复时间"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(
        _("办结时间"), null=True, blank=True, editable=False
    )
    rejected_at = models.DateTimeField(
        _("不予受理时间"), null=True, blank=True, editable=False
    )
    due_at = models.DateTimeField(_("办理时限"), editable=False)
    reply = models.TextField(_("答复内容"), blank=True, editable=False)
    rejection_reason = models.TextField(_("不予受理理由"), blank=True, editable=False)
    is_supervised = models.BooleanField(_("督办"), default=False, editable=False)
    supervised_at = models.DateTimeField(
        _("督办时间"), null=True, blank=True, editable=False
    )
    # --- 12345 handling (docs/staff.md) ---
    is_urgent = models.BooleanField(_("紧急"), default=False, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("承办人"),
        editable=False,
    )
    # Set when a case is routed or dispatched to a department, which must sign for
    # it (签收) by then, separately from accepting it (受理).
    sign_due_at = models.DateTimeField(
        _("签收时限"), null=True, blank=True, editable=False
    )
    signed_at = models.DateTimeField(
        _("签收时间"), null=True, blank=True, editable=False
    )
    routed_by = models.ForeignKey(
        "cases.DispatchRule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("派单规则"),
        editable=False,
    )
    # The status a return (退单) or a merge left, restored when it is undone.
    status_before = models.CharField(
        _("原状态"), max_length=20, blank=True, editable=False
    )
    # 补充材料: what staff asked, when the clock stopped, and the paused total.
    info_question = models.TextField(_("需补充的材料"), blank=True, editable=False)
    paused_at = models.DateTimeField(
        _("挂起时间"), null=True, blank=True, editable=False
    )
    paused_seconds = models.PositiveIntegerField(
        _("累计挂起秒数"), default=0, editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
        verbose_name=_("并入主件"),
        editable=False,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("拆分自"),
        editable=False,
    )
    # 重办: how many times a callback found the citizen 不满意 and reopened it.
    redo_count = models.PositiveSmallIntegerField(
        _("重办次数"), default=0, editable=False
    )
    callback_due_at = models.DateTimeField(
        _("回访时限"), null=True, blank=True, editable=False
    )
    # The citizen's WeChat openid (encrypted, notifications.crypto), when they
    # submitted from the service account: progress notices go there too.
    wechat_openid_encrypted = models.TextField(blank=True, editable=False)
    # kernel.search's bigrams of title, content and complainee, written with them
    # (cases/search.py); the full-text index reads it. Emptied with the contact by
    # retention, as it repeats what the citizen wrote.
    search_document = models.TextField(blank=True, editable=False)
    # The document's tsvector, kept by the database (NULL on SQLite): the GIN
    # index and every match and rank read it stored, where an index over the
    # expression made each candidate's rank, and each row a list order walks,
    # parse its document again (kernel/search.py).
    search_vector = models.GeneratedField(
        expression=DocumentVector("search_document"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # Never filtered or sorted on in an admin list (kernel/admin_privacy.py): the
    # contact is masked until revealed on purpose, and nobody needs to probe the
    # query-code digest a character at a time.
    personal_fields = (
        "contact_name",
        "contact_phone",
        "address",
        "latitude",
        "longitude",
        "query_code_hash",
        "wechat_openid_encrypted",
    )

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["department", "status", "-submitted_at"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["-submitted_at", "-id"]),
            models.Index(fields=["assignee", "status"]),
            # The overdue filter of one department's list: open, past due.
            models.Index(
                fields=["department", "status", "due_at"], name="case_dept_status_due"
            ),
            # 公开信件, newest answers first, all kinds and one kind.
            models.Index(
                fields=["-replied_at", "-id"],
                condition=_PUBLISHED,
                name="case_public_letters",
            ),
            models.Index(
                fields=["kind", "-replied_at", "-id"],
                condition=_PUBLISHED,
                name="case_public_letters_kind",
            ),
            # 待邀评诉求 (feedback's UnratedCase list): answered, longest waiting first.
            models.Index(
                fields=["replied_at", "id"],
                condition=_ANSWERED,
                name="case_answered_order",
            ),
            # Staff search by the full phone or name (exact, no UPPER()).
            models.Index(fields=["contact_phone"], name="case_contact_phone"),
            models.Index(fields=["contact_name"], name="case_contact_name"),
            VectorIndex(field="search_vector", name="case_search_vector"),
            # A roll-up bucket (cases.rollups): one department's cases of a day.
            models.Index(
                fields=["department", "submitted_at"], name="case_dept_received"
            ),
            # The live half of 签收及时率: cases still unsigned with a limit.
            models.Index(
                fields=["sign_due_at"],
                condition=Q(signed_at__isnull=True, sign_due_at__isnull=False),
                name="case_unsigned_due",
            ),
            # The staff list's order (紧急 first, then the newest): its first page
            # is read from the index instead of sorting every match, for the city
            # and for one department.
            models.Index(
                fields=["-is_urgent", "-submitted_at", "-id"], name="case_list_order"
            ),
            models.Index(
                fields=["department", "-is_urgent", "-submitted_at", "-id"],
                name="case_dept_list_order",
            ),
            # The 待办 counts of every back-office page (cases/todo.py): the cases
            # in hand only, with what the counts read (index-only on PostgreSQL).
            models.Index(
                fields=["status", "due_at", "department", "assignee", "id"],
                condition=Q(status__in=["submitted", "accepted", "waiting"]),
                name="case_in_hand",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_answered(self) -> bool:
        return self.status in {self.Status.REPLIED, self.Status.CLOSED}


class CaseEvent(models.Model):
    """One step in a case's life: who moved it, when, from which status to which."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        ACCEPT = "accept", _("受理")
        REPLY = "reply", _("答复")
        CLOSE = "close", _("办结")
        REJECT = "reject", _("不予受理")
        TRANSFER = "transfer", _("转办")
        SEND_BACK = "send_back", _("退回")
        DISPATCH = "dispatch", _("分派")
        EXTENSION_REQUEST = "extension_request", _("申请延期")
        EXTENSION_APPROVE = "extension_approve", _("批准延期")
        EXTENSION_REFUSE = "extension_refuse", _("驳回延期")
        SUPERVISE = "supervise", _("督办")
        REOPEN = "reopen", _("重新办理")
        NOTE = "note", _("内部备注")
        # 12345 handling (issue 18)
        ROUTE = "route", _("智能派单")
        SIGN = "sign", _("签收")
        ASSIGN = "assign", _("指定承办人")
        URGENT = "urgent", _("标记紧急")
        CO_HANDLE_INVITE = "co_handle_invite", _("发起协办")
        CO_HANDLE_OPINION = "co_handle_opinion", _("协办意见")
        RETURN_REFUSE = "return_refuse", _("驳回退单")
        INFO_REQUEST = "info_request", _("补充材料")
        INFO_SUPPLY = "info_supply", _("市民补充材料")
        RESUME = "resume", _("恢复办理")
        MERGE = "merge", _("并单")
        UNMERGE = "unmerge", _("撤销并单")
        MERGED_REPLY = "merged_reply", _("随主件答复")
        SPLIT = "split", _("拆分")
        CALLBACK = "callback", _("回访")
        REDO = "redo", _("重办")
        URGE = "urge", _("催办")
        REPORT = "report", _("通报")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("诉求")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
        help_text=_("为空表示市民本人或系统。"),
    )
    created_at = models.DateTimeField(_("时间"))
    action = models.CharField(_("动作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=Case.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=20, choices=Case.Status.choices
    )
    note = models.TextField(_("说明"), blank=True)
    is_public = models.BooleanField(_("对市民公开"), default=True)
    from_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("原部门"),
    )
    to_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("新部门"),
    )

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "id"]
        # The 12345 figures that stay raw read only these few events of the
        # city's millions (退单, and the pauses of 平均办理用时).
        indexes = [
            models.Index(
                fields=["case"],
                condition=Q(action="send_back"),
                name="case_event_send_back",
            ),
            models.Index(
                fields=["case", "created_at"],
                condition=Q(to_status="waiting") | Q(from_status="waiting"),
                name="case_event_pause",
            ),
        ]

    def __str__(self):
        return f"{self.case.number}: {self.from_status or '—'} → {self.to_status}"


class CaseAttachment(models.Model):
    """A citizen's photo, already verified and re-encoded by `kernel.images`."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("诉求"),
    )
    # Personal data: the private storage (kernel/storage.py).
    image = models.ImageField(
        _("图片"), upload_to="cases/photos/%Y/%m/", storage=private_storage
    )
    thumbnail = models.ImageField(
        _("缩略图"), upload_to="cases/thumbs/%Y/%m/", storage=private_storage
    )
    width = models.PositiveIntegerField(_("宽"), default=0)
    height = models.PositiveIntegerField(_("高"), default=0)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    # The event that brought the photo: a citizen's 补充材料; None at submission.
    event = models.ForeignKey(
        CaseEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("补充记录"),
    )

    class Meta:
        verbose_name = _("图片")
        verbose_name_plural = _("图片")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.image.name


class SubmissionKey(models.Model):
    """An Idempotency-Key already used, with a fingerprint of the body it came with,
    so that a retry returns the same case and a different body under it is refused."""

    key = models.CharField(_("幂等键"), max_length=100, unique=True)
    fingerprint = models.CharField(_("请求指纹"), max_length=64)
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="submission_key"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提交幂等键")
        verbose_name_plural = _("提交幂等键")

    def __str__(self):
        return self.key
