"""Output shapes of the public departments API (it is read-only)."""

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from departments.models import Department, Leader, ServiceType, ServiceWindow
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


class DepartmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "emblem_text"]


class ServiceTypeSerializer(serializers.ModelSerializer):
    required_materials = serializers.ListField(
        source="materials_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = ServiceType
        fields = [
            "id",
            "code",
            "name",
            "description",
            "required_materials",
            "time_limit_days",
            "fee",
            "online",
            "by_appointment",
            "is_hot",
        ]


class ServiceTypeListSerializer(ServiceTypeSerializer):
    department = DepartmentRefSerializer(source="window.department", read_only=True)
    window = serializers.SerializerMethodField()

    class Meta(ServiceTypeSerializer.Meta):
        fields = [*ServiceTypeSerializer.Meta.fields, "window", "department"]

    def get_window(self, service_type) -> dict:
        window = service_type.window
        return {"id": window.id, "name": window.name, "location": window.location}


class ServiceWindowSerializer(serializers.ModelSerializer):
    service_types = ServiceTypeSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceWindow
        fields = [
            "id",
            "code",
            "name",
            "location",
            "phone",
            "office_hours",
            "description",
            "service_types",
        ]


class LeaderSerializer(_SummaryMixin, serializers.ModelSerializer):
    rating = serializers.SerializerMethodField()

    class Meta:
        model = Leader
        fields = ["id", "name", "title", "photo", "duties", "rating"]
        list_serializer_class = _BatchListSerializer

    def load_summaries(self, ids):
        return feedback_selectors.leader_review_summaries(leader_ids=ids)

    @extend_schema_field(RatingSerializer)
    def get_rating(self, leader):
        """领导点评: average score and count."""
        return RatingSerializer(self.summary_of(leader)).data


class LeaderListSerializer(LeaderSerializer):
    department = DepartmentRefSerializer(read_only=True)

    class Meta(LeaderSerializer.Meta):
        fields = [*LeaderSerializer.Meta.fields, "department"]


class DepartmentListSerializer(_SummaryMixin, serializers.ModelSerializer):
    impressions = serializers.SerializerMethodField()
    satisfaction = serializers.SerializerMethodField()

    class Meta:
        model = Department
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "emblem_text",
            "duties_summary",
            "logo",
            "address",
            "phone",
            "office_hours",
            "latitude",
            "longitude",
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


class DepartmentDetailSerializer(DepartmentListSerializer):
    windows = ServiceWindowSerializer(many=True, read_only=True)
    leaders = LeaderSerializer(many=True, read_only=True)

    class Meta(DepartmentListSerializer.Meta):
        fields = [
            *DepartmentListSerializer.Meta.fields,
            "description",
            "windows",
            "leaders",
        ]
