"""The departments API with the citizens' ratings: each department's 市民印象 and
满意率, each leader's 领导点评.

`departments` gives the departments' own fields and feedback the summaries; these
serializers extend the first with the second, and the viewsets below serve them
at the departments' own URLs (`portal.composed.urls`). The OpenAPI components keep
the names they have always had (DepartmentList, Leader, ...).

A page costs a constant number of queries: the list serializer loads the
summaries of the whole page at once, a single object loads its own.
"""

from django.db import models
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from departments import serializers as department_serializers
from departments import views as department_views
from feedback import selectors as feedback_selectors
from feedback.serializers import (
    ImpressionSummarySerializer,
    RatingSerializer,
    SatisfactionSerializer,
)


class _BatchListSerializer(serializers.ListSerializer):
    """Lets the child load its feedback summaries for the whole list at once, so a
    page costs a constant number of queries (single objects load their own)."""

    def to_representation(self, data):
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        items = list(items)
        self.child.summaries = self.child.load_summaries([item.pk for item in items])
        return super().to_representation(items)


class _SummaryMixin:
    summaries: dict | None = None

    def summary_of(self, obj) -> dict:
        if self.summaries is None or obj.pk not in self.summaries:
            self.summaries = self.load_summaries([obj.pk])
        return self.summaries[obj.pk]


@extend_schema_serializer(component_name="Leader")
class RatedLeaderSerializer(_SummaryMixin, department_serializers.LeaderSerializer):
    rating = serializers.SerializerMethodField()

    class Meta(department_serializers.LeaderSerializer.Meta):
        fields = [*department_serializers.LeaderSerializer.Meta.fields, "rating"]
        list_serializer_class = _BatchListSerializer

    def load_summaries(self, ids):
        return feedback_selectors.leader_review_summaries(leader_ids=ids)

    @extend_schema_field(RatingSerializer)
    def get_rating(self, leader):
        """领导点评: average score and count."""
        return RatingSerializer(self.summary_of(leader)).data


@extend_schema_serializer(component_name="LeaderList")
class RatedLeaderListSerializer(RatedLeaderSerializer):
    department = department_serializers.DepartmentRefSerializer(read_only=True)

    class Meta(RatedLeaderSerializer.Meta):
        fields = [*RatedLeaderSerializer.Meta.fields, "department"]


@extend_schema_serializer(component_name="DepartmentList")
class RatedDepartmentListSerializer(
    _SummaryMixin, department_serializers.DepartmentListSerializer
):
    impressions = serializers.SerializerMethodField()
    satisfaction = serializers.SerializerMethodField()

    class Meta(department_serializers.DepartmentListSerializer.Meta):
        fields = [
            *department_serializers.DepartmentListSerializer.Meta.fields,
            "impressions",
            "satisfaction",
        ]
        list_serializer_class = _BatchListSerializer

    def load_summaries(self, ids):
        impressions = feedback_selectors.department_impression_summaries(
            department_ids=ids
        )
        rates = feedback_selectors.satisfaction_rates(department_ids=ids)
        return {pk: (impressions[pk], rates[pk]) for pk in ids}

    @extend_schema_field(ImpressionSummarySerializer)
    def get_impressions(self, department):
        """市民印象: average, count, distribution, top tags, recent comments."""
        return ImpressionSummarySerializer(self.summary_of(department)[0]).data

    @extend_schema_field(SatisfactionSerializer)
    def get_satisfaction(self, department):
        """好差评 satisfaction rate (0-1) among counted ratings."""
        return SatisfactionSerializer(self.summary_of(department)[1]).data


@extend_schema_serializer(component_name="DepartmentDetail")
class RatedDepartmentDetailSerializer(RatedDepartmentListSerializer):
    windows = department_serializers.ServiceWindowSerializer(many=True, read_only=True)
    leaders = RatedLeaderSerializer(many=True, read_only=True)

    class Meta(RatedDepartmentListSerializer.Meta):
        fields = [
            *RatedDepartmentListSerializer.Meta.fields,
            *department_serializers.DEPARTMENT_DETAIL_FIELDS,
        ]


# No docstrings on the viewsets: the API's descriptions stay the departments' own.
class RatedDepartmentViewSet(department_views.DepartmentViewSet):
    list_serializer = RatedDepartmentListSerializer
    detail_serializer = RatedDepartmentDetailSerializer


class RatedLeaderViewSet(department_views.LeaderViewSet):
    serializer_class = RatedLeaderListSerializer
