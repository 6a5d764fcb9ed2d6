"""The case look-up with the citizen's 好差评 of each answer.

`cases` gives the case, its timeline and its answers; feedback the ratings. The
serializer below adds each answer's rating and the rating of the current answer
(`evaluation`), and the view serves it at the look-up's own URL
(`portal.composed.urls`). The OpenAPI components keep their names (CaseDetail,
CaseAnswer). One ratings query per case serialised, as before the split.
"""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from cases import views as case_views
from cases.serializers import CaseAnswerSerializer, CaseDetailSerializer
from feedback import selectors as feedback_selectors
from feedback.serializers import EvaluationDetailSerializer


@extend_schema_serializer(component_name="CaseAnswer")
class RatedCaseAnswerSerializer(CaseAnswerSerializer):
    evaluation = EvaluationDetailSerializer(allow_null=True)


@extend_schema_serializer(component_name="CaseDetail")
class RatedCaseDetailSerializer(CaseDetailSerializer):
    # The component's description (kernel.api.schema reads a class's own only).
    __doc__ = CaseDetailSerializer.__doc__

    evaluation = serializers.SerializerMethodField()

    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "evaluation"]

    def read_answers(self, case) -> list[dict]:
        """Every answer with its own rating (None before one)."""
        ratings = feedback_selectors.case_evaluations_by_round(case_id=case.pk)
        return [
            {**answer, "evaluation": ratings.get(answer["reply_round"])}
            for answer in super().read_answers(case)
        ]

    @extend_schema_field(RatedCaseAnswerSerializer(many=True))
    def get_replies(self, case):
        """Every answer, oldest first, each with its own rating; after a 重新办理
        the earlier answers are marked superseded."""
        return RatedCaseAnswerSerializer(self.answers_of(case), many=True).data

    @extend_schema_field(EvaluationDetailSerializer(allow_null=True))
    def get_evaluation(self, case):
        """The citizen's 好差评 of the current answer (reply_round, level, label,
        comment, created_at), or null: before a rating, and after a 重新办理 until
        the new answer is rated (the earlier rating stays under `replies`)."""
        answers = self.answers_of(case)
        if not case.is_answered or not answers or answers[-1]["superseded"]:
            return None
        evaluation = answers[-1]["evaluation"]
        return EvaluationDetailSerializer(evaluation).data if evaluation else None


class RatedCaseLookupView(case_views.CaseLookupView):
    detail_serializer = RatedCaseDetailSerializer

    @case_views.case_lookup_schema(RatedCaseDetailSerializer)
    def post(self, request):
        # No docstring: the operation keeps the look-up's own description.
        return super().post(request)
