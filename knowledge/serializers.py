"""The knowledge API's shapes. An answer is plain text: the H5 shows it as text
(line breaks kept, http(s) links made links), never as HTML."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Case
from departments.serializers import DepartmentRefSerializer, ServiceTypeListSerializer
from kernel.api.fields import IdField
from kernel.api.inputs import BodySerializer, QuerySerializer
from kernel.api.serializers import ModelSerializer
from knowledge.models import Entry
from knowledge.suggest import MAX_QUERY

EXCERPT = 120


def excerpt(text: str, length: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


class KnowledgeQuerySerializer(QuerySerializer):
    # Cut, not refused: the H5 sends what is typed so far.
    search = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=True, label=_("关键词")
    )
    department = IdField(required=False, label=_("部门"))

    def validate_search(self, value):
        return value[:MAX_QUERY]


class SuggestQuerySerializer(QuerySerializer):
    q = serializers.CharField(
        allow_blank=True,
        label=_("问题"),
        help_text=_("市民正在输入的标题和内容；超过200字的部分不参与匹配。"),
    )
    kind = serializers.ChoiceField(
        choices=Case.Kind.choices, required=False, label=_("类型")
    )
    department = IdField(required=False, label=_("部门"))
    ask = serializers.BooleanField(
        required=False,
        default=False,
        label=_("问一问"),
        help_text=_(
            "市民主动提问（问一问）：没有回答时记下这个问题（数字已遮盖），供编写新条目。"
        ),
    )

    def validate_q(self, value):
        return value[:MAX_QUERY]


class VoteSerializer(BodySerializer):
    helpful = serializers.BooleanField(label=_("是否有用"))


class SelfServedSerializer(BodySerializer):
    kind = serializers.ChoiceField(
        choices=Case.Kind.choices, required=False, default="", label=_("类型")
    )


class _ServiceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    window = serializers.SerializerMethodField()

    def get_window(self, service) -> dict:
        return {"name": service.window.name, "location": service.window.location}


class EntryListSerializer(ModelSerializer):
    department = DepartmentRefSerializer(allow_null=True)
    service_type = _ServiceRefSerializer(allow_null=True)
    answer_excerpt = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = [
            "id",
            "question",
            "answer_excerpt",
            "department",
            "service_type",
            "helpful_count",
            "unhelpful_count",
            "updated_at",
        ]

    def get_answer_excerpt(self, entry) -> str:
        return excerpt(entry.answer)


class EntryDetailSerializer(EntryListSerializer):
    class Meta(EntryListSerializer.Meta):
        fields = [*EntryListSerializer.Meta.fields, "answer", "valid_until"]


class SuggestedEntrySerializer(EntryListSerializer):
    reasons = serializers.ListField(child=serializers.CharField())

    class Meta(EntryListSerializer.Meta):
        fields = [*EntryListSerializer.Meta.fields, "answer", "reasons"]


class SuggestedLetterSerializer(serializers.Serializer):
    """A public letter as a suggestion: what 公开信件 shows, shortened."""

    number = serializers.CharField()
    title = serializers.CharField()
    reply_excerpt = serializers.SerializerMethodField()
    department = DepartmentRefSerializer()
    replied_at = serializers.DateTimeField()
    reasons = serializers.ListField(child=serializers.CharField())

    def get_reply_excerpt(self, case) -> str:
        return excerpt(case.reply)


class SuggestedServiceSerializer(ServiceTypeListSerializer):
    reasons = serializers.ListField(child=serializers.CharField())

    class Meta(ServiceTypeListSerializer.Meta):
        fields = [*ServiceTypeListSerializer.Meta.fields, "reasons"]


class SuggestionsSerializer(serializers.Serializer):
    terms = serializers.ListField(child=serializers.CharField())
    entries = SuggestedEntrySerializer(many=True)
    letters = SuggestedLetterSerializer(many=True)
    services = SuggestedServiceSerializer(many=True)
