"""Input and output shapes of the citizens' cases API.

The look-up's shape here is the case's own. The API serves it with the citizen's
好差评 of each answer added, which feedback owns and cases may not read: the site
composes the two in `portal.composed.cases`, which extends `CaseDetailSerializer`.
"""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from cases import photos, selectors
from cases.fields import (
    LATITUDE_PATTERN,
    LONGITUDE_PATTERN,
    CoordinateField,
    PhoneField,
    PhotoListField,
)
from cases.models import Case, CaseAttachment, CaseEvent
from cases.submission_schema import submission_rules
from departments.serializers import DepartmentRefSerializer
from kernel.api.fields import MAX_ID, IdField, SearchField
from kernel.api.inputs import BodySerializer, QuerySerializer
from kernel.api.serializers import ModelSerializer
from kernel.privacy import mask_phone
from kernel.text import citizen_text as _text

# Limits a citizen's text must meet (docs/cases.md explains them).
TITLE_LENGTH = (4, 100)
CONTENT_LENGTH = (10, 5000)


class _SettingDefaultBoolean(serializers.BooleanField):
    """A boolean whose default is read when the request comes. DRF would take a
    multipart form's missing box as the default itself, uncalled; here a missing
    box gets the called default, as a JSON body does."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.default_empty_html = empty


# The citizen's "不确定是哪个部门": the case is routed by the 派单目录.
UNKNOWN_DEPARTMENT = "unknown"


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            {"type": "string", "enum": [UNKNOWN_DEPARTMENT, ""]},
        ],
        "nullable": True,
        "description": '部门 id；不确定是哪个部门时省略，或传 null、"unknown"，'
        "由派单目录分派。",
    }
)
class SubmitDepartmentField(serializers.Field):
    """A department's id, or none (omitted, null, "" or "unknown"). Not an
    IntegerField: BodySerializer would refuse the text "unknown" in JSON."""

    default_error_messages = {
        "invalid": _("请选择部门，或选择“不确定是哪个部门”。"),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=None, **kwargs)
        self._id = IdField()

    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip().lower() in {"", UNKNOWN_DEPARTMENT}:
            return None
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        try:
            return self._id.to_internal_value(data)
        except serializers.ValidationError:
            self.fail("invalid")

    def to_representation(self, value):
        return value


class CaseSubmitSerializer(BodySerializer):
    kind = serializers.ChoiceField(choices=Case.Kind.choices, label=_("类型"))
    title = _text(_("标题"), min_length=TITLE_LENGTH[0], max_length=TITLE_LENGTH[1])
    content = _text(
        _("内容"), min_length=CONTENT_LENGTH[0], max_length=CONTENT_LENGTH[1]
    )
    department = SubmitDepartmentField(label=_("部门"))
    service_type = IdField(
        required=False, allow_null=True, default=None, label=_("服务类型")
    )
    complainee = _text(_("被投诉/举报对象"), max_length=200, required=False, name=True)
    contact_name = _text(_("联系人"), max_length=50, required=False, name=True)
    contact_phone = PhoneField(
        max_length=30, required=False, allow_blank=True, default="", label=_("联系电话")
    )
    is_anonymous = serializers.BooleanField(default=False, label=_("匿名"))
    publish_consent = serializers.BooleanField(default=False, label=_("同意公开"))
    # PIPL: progress SMS only with the citizen's consent; the city chooses whether
    # the box starts ticked (CASE_SMS_CONSENT_DEFAULT, read per request).
    sms_consent = _SettingDefaultBoolean(
        default=lambda: settings.CASE_SMS_CONSENT_DEFAULT,
        label=_("接收短信通知"),
        help_text=_("同意后，受理、转办、延期、答复和办结时短信告知；可随时退订。"),
    )
    address = _text(_("地址"), max_length=200, required=False)
    latitude = CoordinateField(
        pattern=LATITUDE_PATTERN,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
        default=None,
        label=_("纬度"),
    )
    longitude = CoordinateField(
        pattern=LONGITUDE_PATTERN,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
        default=None,
        label=_("经度"),
    )
    channel = serializers.ChoiceField(
        choices=[Case.Channel.H5, Case.Channel.API],
        default=Case.Channel.API,
        label=_("渠道"),
    )
    attachments = PhotoListField(
        child=serializers.FileField(allow_empty_file=False),
        required=False,
        max_length=settings.CASE_MAX_PHOTOS,
        default=list,
        label=_("图片"),
        # The schema's words come from the same settings the service enforces.
        help_text=format_lazy(
            _("最多 {photos} 张 JPEG/PNG/WebP 图片，每张不超过 {mb} MB、{mp} 万像素。"),
            photos=settings.CASE_MAX_PHOTOS,
            mb=settings.CASE_PHOTO_MAX_BYTES // (1024 * 1024),
            mp=settings.CASE_PHOTO_MAX_PIXELS // 10_000,
        ),
    )

    def schema_rules(self) -> list[dict]:
        return submission_rules()


class CaseSubmittedSerializer(serializers.Serializer):
    number = serializers.CharField(source="case.number")
    query_code = serializers.CharField()
    kind = serializers.CharField(source="case.kind")
    status = serializers.CharField(source="case.status")
    submitted_at = serializers.DateTimeField(source="case.submitted_at")
    due_at = serializers.DateTimeField(source="case.due_at")
    notice = serializers.SerializerMethodField()

    def get_notice(self, submitted) -> str:
        notice = _("请妥善保存登记编号和查询码，查询码只显示这一次。")
        if submitted.case.is_anonymous:
            notice += _("匿名举报无法电话回访，请凭查询码查看办理进度和答复。")
        return str(notice)


class CaseLookupSerializer(BodySerializer):
    number = serializers.CharField(max_length=20, label=_("登记编号"))
    query_code = serializers.CharField(max_length=20, label=_("查询码"))


# Timeline steps whose resulting status would mislead the citizen: a reopened case
# is 已受理 again, but what happened is the reopening.
_EVENT_LABELS = {
    CaseEvent.Action.REOPEN: _("已重新办理"),
    # 补充材料: the case is 已受理 again, but what happened is the answer.
    CaseEvent.Action.INFO_SUPPLY: _("已补充材料"),
    CaseEvent.Action.RESUME: _("恢复办理"),
}


class CaseEventSerializer(ModelSerializer):
    status = serializers.CharField(source="to_status")
    status_label = serializers.CharField(source="get_to_status_display")
    action = serializers.CharField(
        help_text=_("办理动作，如 reply 答复、reopen 重新办理。")
    )
    label = serializers.SerializerMethodField(help_text=_("这一步在时间线上的名称。"))

    class Meta:
        model = CaseEvent
        fields = ["created_at", "action", "label", "status", "status_label", "note"]

    def get_label(self, event) -> str:
        return str(_EVENT_LABELS.get(event.action) or event.get_to_status_display())


class CaseAnswerSerializer(serializers.Serializer):
    reply_round = serializers.IntegerField(help_text=_("第几次答复。"))
    reply = serializers.CharField()
    replied_at = serializers.DateTimeField()
    superseded = serializers.BooleanField(
        help_text=_("诉求已重新办理，此答复已被（或将被）新的答复取代。")
    )


class CaseAttachmentSerializer(ModelSerializer):
    # Case photos are never public files (cases/photos.py): each link opens its
    # file for CASE_PHOTO_LINK_MAX_AGE seconds; a new look-up gives new links.
    image = serializers.SerializerMethodField(
        help_text=_("原图链接，限时有效（默认 1 小时），过期后请重新查询。")
    )
    thumbnail = serializers.SerializerMethodField(
        help_text=_("缩略图链接，限时有效（默认 1 小时），过期后请重新查询。")
    )

    class Meta:
        model = CaseAttachment
        fields = ["image", "thumbnail", "width", "height"]

    def _link(self, field) -> str:
        link = photos.photo_link(name=field.name)
        request = self.context.get("request")
        return request.build_absolute_uri(link) if request else link

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, attachment) -> str:
        return self._link(attachment.image)

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail(self, attachment) -> str:
        return self._link(attachment.thumbnail)


class CaseChildSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class CaseRelationsSerializer(serializers.Serializer):
    """并单 and 拆分, as `selectors.case_relations` reads them."""

    merged_into = serializers.CharField(
        allow_null=True, help_text=_("已并单：主件的登记编号，本件随主件一并办理。")
    )
    split_from = serializers.CharField(
        allow_null=True, help_text=_("本件由哪一件诉求拆分而来（登记编号）。")
    )
    split_into = CaseChildSerializer(
        many=True, help_text=_("已拆分：拆分出的诉求，可用同一查询码查询。")
    )
    note = serializers.CharField(help_text=_("向市民说明并单或拆分的一句话。"))


class ServiceTypeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseLabelsSerializer(ModelSerializer):
    """The base of every output shape of a case: its kind and status with their
    labels, and its department. Each shape lists its fields in its own Meta."""

    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    department = DepartmentRefSerializer()


# What the citizen's look-up and the public letters both open with.
CASE_TEXT_FIELDS = [
    "number",
    "kind",
    "kind_label",
    "title",
    "content",
    "department",
    "service_type",
]


class CaseDetailSerializer(CaseLabelsSerializer):
    """What the citizen who holds the query code sees; the phone stays masked."""

    service_type = ServiceTypeRefSerializer(allow_null=True)
    contact_phone = serializers.SerializerMethodField()
    timeline = CaseEventSerializer(source="events", many=True)
    attachments = CaseAttachmentSerializer(many=True)
    replies = serializers.SerializerMethodField()
    relations = serializers.SerializerMethodField()
    info_question = serializers.SerializerMethodField()
    sms_notices = serializers.BooleanField(
        source="sms_consent",
        help_text=_("是否向联系电话发送本诉求的短信通知（短信通知：已开启/已关闭）。"),
    )

    class Meta:
        model = Case
        fields = [
            *CASE_TEXT_FIELDS,
            "complainee",
            "contact_phone",
            "is_anonymous",
            "publish_consent",
            "status",
            "status_label",
            "submitted_at",
            "due_at",
            "replied_at",
            "closed_at",
            "reply",
            "rejection_reason",
            "info_question",
            "sms_notices",
            "relations",
            "timeline",
            "attachments",
            "replies",
        ]

    def get_contact_phone(self, case) -> str:
        return mask_phone(case.contact_phone)

    @extend_schema_field(CaseRelationsSerializer)
    def get_relations(self, case):
        """并单 (the main case) and 拆分 (the parent, the children)."""
        return CaseRelationsSerializer(selectors.case_relations(case=case)).data

    @extend_schema_field(OpenApiTypes.STR)
    def get_info_question(self, case) -> str:
        """What staff asked the citizen to supply while the case waits (待补充材料);
        empty otherwise. The citizen answers at cases/<number>/supplement/."""
        return case.info_question if case.status == Case.Status.WAITING else ""

    def answers_of(self, case) -> list[dict]:
        """Every answer of `case` (`selectors.case_answers`); subclasses add to
        each. Read once per case serialised: `replies` and what a subclass
        derives from them share one read."""
        cached = getattr(self, "_answers_of", None)
        if cached is None or cached[0] != case.pk:
            self._answers_of = cached = (case.pk, self.read_answers(case))
        return cached[1]

    def read_answers(self, case) -> list[dict]:
        return selectors.case_answers(case=case)

    @extend_schema_field(CaseAnswerSerializer(many=True))
    def get_replies(self, case):
        """Every answer, oldest first; after a 重新办理 the earlier answers are
        marked superseded."""
        return CaseAnswerSerializer(self.answers_of(case), many=True).data


class PublicCaseQuerySerializer(QuerySerializer):
    kind = serializers.ChoiceField(choices=Case.Kind.choices, required=False)
    department = IdField(required=False, label=_("部门"))
    search = SearchField(help_text=_("关键词：标题或内容中的词语，按相关程度排序"))


class PublicCaseSerializer(CaseLabelsSerializer):
    """公开信件: no name, phone, address, coordinates or complainee."""

    service_type = ServiceTypeRefSerializer(allow_null=True)

    class Meta:
        model = Case
        fields = [
            *CASE_TEXT_FIELDS,
            "status",
            "status_label",
            "submitted_at",
            "replied_at",
            "reply",
        ]
