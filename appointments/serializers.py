"""Input and output shapes of /api/v1/appointments/ and /api/v1/me/appointments/."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from appointments import notices, selectors
from appointments.models import Appointment, MaterialCheck, VisitRating
from kernel.api.fields import IdField
from kernel.api.inputs import BodySerializer, QuerySerializer
from kernel.text import citizen_text


class WindowsQuerySerializer(QuerySerializer):
    service_type = IdField(label=_("服务"))


class SlotsQuerySerializer(QuerySerializer):
    service_type = IdField(label=_("服务"))
    window = IdField(label=_("服务窗口"))
    date = serializers.DateField(label=_("日期"), help_text=_("YYYY-MM-DD"))


class BookingSerializer(BodySerializer):
    service_type = IdField(label=_("服务"))
    window = IdField(label=_("服务窗口"))
    starts_at = serializers.DateTimeField(
        label=_("时段"), help_text=_("所选时段的开始时间，取自时段列表的 starts_at")
    )
    name = citizen_text(_("姓名"), max_length=50, required=False, name=True)


class CancelSerializer(BodySerializer):
    reason = citizen_text(_("取消原因"), max_length=200, required=False)


class MoveSerializer(BodySerializer):
    starts_at = serializers.DateTimeField(label=_("新时段"))


class PrecheckUploadSerializer(serializers.Serializer):
    material = serializers.CharField(label=_("材料"), max_length=200)
    photo = serializers.ImageField(label=_("材料照片"))


class VisitRatingInputSerializer(BodySerializer):
    level = serializers.ChoiceField(
        choices=VisitRating.Level.choices,
        label=_("评价"),
        help_text=_("5 非常满意，4 满意，3 基本满意，2 不满意，1 非常不满意。"),
    )
    comment = citizen_text(_("评价意见"), max_length=500, required=False)


class BookableServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.CharField(source="window.department.name")
    materials = serializers.ListField(
        child=serializers.CharField(), source="materials_list"
    )


class DaySerializer(serializers.Serializer):
    date = serializers.DateField()
    slots = serializers.IntegerField(help_text=_("可预约的时段数"))
    seats_left = serializers.IntegerField(help_text=_("剩余名额"))


class BookingWindowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="window.id")
    name = serializers.CharField(source="window.name")
    location = serializers.CharField(source="window.location")
    phone = serializers.CharField(source="window.phone")
    department = serializers.CharField(source="window.department.name")
    address = serializers.CharField(source="window.department.address")
    days_ahead = serializers.IntegerField()
    change_until_minutes = serializers.IntegerField()
    days = DaySerializer(many=True)


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    seats = serializers.IntegerField()
    left = serializers.IntegerField(help_text=_("剩余名额；0 为已约满"))
    full = serializers.BooleanField()


class MaterialCheckSerializer(serializers.ModelSerializer):
    result_label = serializers.CharField(source="get_result_display")

    class Meta:
        model = MaterialCheck
        fields = ["id", "material", "result", "result_label", "note", "uploaded_at"]


class VisitRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitRating
        fields = ["level", "comment", "created_at"]


class AppointmentSerializer(serializers.ModelSerializer):
    """A booking as its citizen sees it: where, when, what to bring, what they may
    do now, and the links to its QR code and calendar file."""

    status_label = serializers.CharField(source="get_status_display")
    service_type = serializers.CharField(source="service_type.name")
    service_type_id = serializers.IntegerField()
    window = serializers.CharField(source="window.name")
    window_id = serializers.IntegerField()
    location = serializers.CharField(source="window.location")
    department = serializers.CharField(source="window.department.name")
    address = serializers.CharField(source="window.department.address")
    phone = serializers.CharField(source="window.phone")
    time_text = serializers.SerializerMethodField()
    map_url = serializers.SerializerMethodField()
    materials = serializers.ListField(
        child=serializers.CharField(), source="service_type.materials_list"
    )
    precheck = MaterialCheckSerializer(source="materials", many=True)
    rating = VisitRatingSerializer(allow_null=True, default=None)
    can_change = serializers.SerializerMethodField()
    can_rate = serializers.SerializerMethodField()
    qr_url = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "number",
            "status",
            "status_label",
            "service_type",
            "service_type_id",
            "window",
            "window_id",
            "location",
            "department",
            "address",
            "phone",
            "starts_at",
            "ends_at",
            "time_text",
            "map_url",
            "materials",
            "precheck",
            "cancel_reason",
            "rating",
            "can_change",
            "can_rate",
            "qr_url",
            "calendar_url",
        ]

    def get_time_text(self, obj) -> str:
        return notices.slot_text(obj)

    def get_map_url(self, obj) -> str:
        return selectors.map_url(obj.window.department)

    def get_can_change(self, obj) -> bool:
        return selectors.may_change(obj, now=timezone.now())

    def get_can_rate(self, obj) -> bool:
        return obj.status == Appointment.Status.DONE and not hasattr(obj, "rating")

    def get_qr_url(self, obj) -> str:
        return reverse("v1:me-appointment-qr", args=[obj.number])

    def get_calendar_url(self, obj) -> str:
        return reverse("v1:me-appointment-calendar", args=[obj.number])

    @extend_schema_field(VisitRatingSerializer(allow_null=True))
    def to_representation(self, instance):
        return super().to_representation(instance)
