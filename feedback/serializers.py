"""Input and output shapes of the feedback API."""

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from feedback.models import CaseEvaluation, DepartmentImpression, LeaderReview
from feedback.models.comments import SCORE_RANGE
from feedback.models.evaluations import RECTIFY_LEVELS
from feedback.services.comments import MAX_TAGS
from kernel.api.fields import IdField
from kernel.api.inputs import BodySerializer
from kernel.api.serializers import ModelSerializer
from kernel.text import citizen_text as _comment

_HELD_NOTICE = _("留言含有需要审核的内容，审核通过后公开；评分在审核后计入。")
_PUBLISHED_NOTICE = _("感谢您的评价。")


def _score():
    return serializers.IntegerField(
        min_value=SCORE_RANGE[0], max_value=SCORE_RANGE[1], label=_("评分")
    )


class ImpressionSubmitSerializer(BodySerializer):
    score = _score()
    tags = serializers.ListField(
        child=IdField(),
        required=False,
        default=list,
        max_length=MAX_TAGS,
        label=_("印象标签"),
        help_text=_("印象标签 id，最多 5 个（GET /api/v1/impression-tags/）。"),
    )
    comment = _comment(_("留言"), max_length=200, required=False)


class ReviewSubmitSerializer(BodySerializer):
    score = _score()
    comment = _comment(_("点评内容"), max_length=500, required=True)


class _SubmittedCommentSerializer(ModelSerializer):
    # Plain strings: the schema already has a `status` enum (the case's).
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display")
    notice = serializers.SerializerMethodField()

    def get_notice(self, item) -> str:
        return str(_PUBLISHED_NOTICE if item.is_public else _HELD_NOTICE)


class ImpressionSubmittedSerializer(_SubmittedCommentSerializer):
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = DepartmentImpression
        fields = [
            "id",
            "department",
            "score",
            "tags",
            "comment",
            "status",
            "status_label",
            "created_at",
            "notice",
        ]


class ReviewSubmittedSerializer(_SubmittedCommentSerializer):
    class Meta:
        model = LeaderReview
        fields = [
            "id",
            "leader",
            "score",
            "comment",
            "status",
            "status_label",
            "created_at",
            "notice",
        ]


class PublicReviewSerializer(ModelSerializer):
    class Meta:
        model = LeaderReview
        fields = ["id", "score", "comment", "created_at"]


class RatingSerializer(serializers.Serializer):
    average = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()


class ReviewPageSerializer(serializers.Serializer):
    """Schema only: the paginated reviews with the leader's rating."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    rating = RatingSerializer()
    results = PublicReviewSerializer(many=True)


class ImpressionTagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EvaluationSubmitSerializer(BodySerializer):
    number = serializers.CharField(max_length=20, label=_("登记编号"))
    query_code = serializers.CharField(max_length=20, label=_("查询码"))
    level = serializers.ChoiceField(
        choices=CaseEvaluation.Level.choices,
        label=_("评价"),
        help_text=_("5 非常满意，4 满意，3 基本满意，2 不满意，1 非常不满意。"),
    )
    comment = _comment(_("评价意见"), max_length=500, required=False)


class EvaluationSerializer(ModelSerializer):
    number = serializers.CharField(source="case.number")
    label = serializers.CharField(source="get_level_display")
    notice = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvaluation
        fields = [
            "number",
            "reply_round",
            "level",
            "label",
            "comment",
            "created_at",
            "notice",
        ]

    def get_notice(self, evaluation) -> str:
        if evaluation.level in RECTIFY_LEVELS:
            return gettext(
                "感谢您的评价。承办部门将在 %(days)d 个工作日内与您联系并整改。"
            ) % {"days": settings.RECTIFICATION_CONTACT_DAYS}
        return gettext("感谢您的评价。")


# Summaries other apps' serializers embed (departments, leaders, the case look-up),
# so their times render like every other time in the API.


class TagCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()


class RecentCommentSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class ImpressionSummarySerializer(serializers.Serializer):
    average = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()
    distribution = serializers.DictField(child=serializers.IntegerField())
    top_tags = TagCountSerializer(many=True)
    recent_comments = RecentCommentSerializer(many=True)


class SatisfactionSerializer(serializers.Serializer):
    rated = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class EvaluationDetailSerializer(serializers.Serializer):
    reply_round = serializers.IntegerField(help_text=_("评价的是第几次答复。"))
    level = serializers.IntegerField()
    label = serializers.CharField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()
