"""Shapes of /api/v1/surveys/."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kernel.api.inputs import BodySerializer
from surveys.models import Question, Survey


class QuestionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    options = serializers.ListField(child=serializers.CharField(), source="option_list")

    class Meta:
        model = Question
        fields = ["id", "kind", "kind_label", "text", "required", "options"]


class SurveyListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    department = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "department",
            "audience",
            "results_public",
            "opens_at",
            "closes_at",
            "is_open",
        ]

    def get_department(self, obj) -> str:
        return obj.department.name if obj.department_id else "全市"

    def get_is_open(self, obj) -> bool:
        return obj.is_open(self.context["now"])


class SurveyDetailSerializer(SurveyListSerializer):
    questions = QuestionSerializer(many=True)

    class Meta(SurveyListSerializer.Meta):
        fields = [*SurveyListSerializer.Meta.fields, "description", "questions"]


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(label=_("题目"))
    choices = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("选项序号（从 0 开始）"),
    )
    rating = serializers.IntegerField(required=False, min_value=1, max_value=5)
    text = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ResponseInputSerializer(BodySerializer):
    answers = AnswerInputSerializer(many=True, label=_("回答"))


class OptionCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    options = OptionCountSerializer(many=True, required=False)
    ratings = serializers.DictField(child=serializers.IntegerField(), required=False)
    average = serializers.FloatField(required=False, allow_null=True)
    texts = serializers.IntegerField(
        required=False, help_text=_("简答的份数（内容不公开）")
    )


class ResultsSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    questions = QuestionResultSerializer(many=True)
