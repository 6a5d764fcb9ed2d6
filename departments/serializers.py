"""Output shapes of the public departments API (it is read-only).

The department and leader shapes here are this app's own fields. The API serves
them with the citizens' ratings added (市民印象, 满意率, 领导点评), which feedback
owns and departments may not read: the site composes the two in
`portal.composed.departments`, which extends these classes.
"""

from rest_framework import serializers

from departments.models import Department, Leader, ServiceType, ServiceWindow
from kernel.api.serializers import ModelSerializer


class DepartmentRefSerializer(ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "emblem_text"]


class ServiceTypeSerializer(ModelSerializer):
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


class ServiceWindowSerializer(ModelSerializer):
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


class LeaderSerializer(ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "name", "title", "photo", "duties"]


class LeaderListSerializer(LeaderSerializer):
    department = DepartmentRefSerializer(read_only=True)

    class Meta(LeaderSerializer.Meta):
        fields = [*LeaderSerializer.Meta.fields, "department"]


class DepartmentListSerializer(ModelSerializer):
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
        ]


# What the detail adds to a list row, in this order.
DEPARTMENT_DETAIL_FIELDS = ["description", "windows", "leaders"]


class DepartmentDetailSerializer(DepartmentListSerializer):
    windows = ServiceWindowSerializer(many=True, read_only=True)
    leaders = LeaderSerializer(many=True, read_only=True)

    class Meta(DepartmentListSerializer.Meta):
        fields = [*DepartmentListSerializer.Meta.fields, *DEPARTMENT_DETAIL_FIELDS]
