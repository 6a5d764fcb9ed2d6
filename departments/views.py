"""Public, read-only API of departments, service types, leaders and the service
halls near a citizen (附近办事).

The department and leader viewsets here show this app's own fields; the site
routes their URLs to `portal.composed.departments`, which adds the ratings.
"""

import math

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from departments import selectors, service_points
from departments.serializers import (
    DepartmentDetailSerializer,
    DepartmentListSerializer,
    LeaderListSerializer,
    ServiceTypeListSerializer,
)
from kernel.api.fields import IdField, SearchField
from kernel.api.inputs import QuerySerializer


class DepartmentQuerySerializer(QuerySerializer):
    search = SearchField(help_text=_("关键词：部门名称、简称或职能，名称相符的在前"))


@extend_schema_view(list=extend_schema(parameters=[DepartmentQuerySerializer]))
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Departments: the list is searchable (the one search service, through
    `selectors.department_search`); the detail nests windows, service types and
    leaders."""

    filter_backends = []
    # The site serves these with the citizens' ratings added (portal.composed).
    list_serializer = DepartmentListSerializer
    detail_serializer = DepartmentDetailSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.department_detail_list()
        query = DepartmentQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.department_search(
            search=query.validated_data.get("search", "")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer
        return self.list_serializer


class ServiceTypeQuerySerializer(QuerySerializer):
    search = SearchField(help_text=_("关键词：服务、窗口或部门名称"))
    department = IdField(required=False, label=_("部门"), help_text=_("部门 id"))
    hot = serializers.BooleanField(
        required=False,
        default=False,
        label=_("仅热门"),
        help_text=_("仅热门服务，按热度排序"),
    )


@extend_schema_view(list=extend_schema(parameters=[ServiceTypeQuerySerializer]))
class ServiceTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """Service types (办事指南) across all departments."""

    serializer_class = ServiceTypeListSerializer
    filter_backends = []

    def get_queryset(self):
        if self.action != "list":
            return selectors.service_type_list()
        query = ServiceTypeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.service_type_list(
            search=query.validated_data.get("search", ""),
            department_id=query.validated_data.get("department"),
            hot_only=query.validated_data["hot"],
        )


class LeaderQuerySerializer(QuerySerializer):
    department = IdField(required=False, label=_("部门"), help_text=_("部门 id"))


@extend_schema_view(list=extend_schema(parameters=[LeaderQuerySerializer]))
class LeaderViewSet(viewsets.ReadOnlyModelViewSet):
    """Leaders (领导干部) of the departments."""

    serializer_class = LeaderListSerializer
    filter_backends = []

    def get_queryset(self):
        if self.action != "list":
            return selectors.leader_list()
        query = LeaderQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.leader_list(
            department_id=query.validated_data.get("department")
        )


class ServicePointsQuerySerializer(QuerySerializer):
    lat = serializers.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        label=_("纬度"),
        help_text=_("浏览器定位的纬度（WGS-84）"),
    )
    lng = serializers.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        label=_("经度"),
        help_text=_("浏览器定位的经度（WGS-84）"),
    )
    district = serializers.CharField(required=False, max_length=30, label=_("区县"))

    def validate(self, data):
        for name in ("lat", "lng"):
            if name in data and not math.isfinite(data[name]):
                raise serializers.ValidationError({name: _("请提供有效的坐标数值。")})
        if ("lat" in data) != ("lng" in data):
            missing = "lng" if "lat" in data else "lat"
            raise serializers.ValidationError({missing: _("经度和纬度需同时提供。")})
        return data


class PointServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    by_appointment = serializers.BooleanField()


class PointWindowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    location = serializers.CharField()
    department = serializers.CharField(source="department.name")
    services = PointServiceSerializer(many=True, source="service_types.all")


class ServicePointSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="hall.id")
    name = serializers.CharField(source="hall.name")
    district = serializers.CharField(source="hall.district")
    address = serializers.CharField(source="hall.address")
    opening_hours = serializers.CharField(source="hall.opening_hours")
    phone = serializers.CharField(source="hall.phone")
    latitude = serializers.DecimalField(
        source="hall.latitude", max_digits=9, decimal_places=6
    )
    longitude = serializers.DecimalField(
        source="hall.longitude", max_digits=9, decimal_places=6
    )
    distance_m = serializers.IntegerField(
        allow_null=True, help_text=_("距离（米）；未定位时为空")
    )
    map_url = serializers.CharField(help_text=_("用地图 App 导航"))
    windows = PointWindowSerializer(many=True, source="hall.windows.all")


class ServicePointsSerializer(serializers.Serializer):
    position = serializers.ListField(
        child=serializers.FloatField(),
        allow_null=True,
        help_text=_("换算为 GCJ-02 的所在位置 [纬度, 经度]；未定位时为空"),
    )
    districts = serializers.ListField(
        child=serializers.CharField(), help_text=_("可选的区县")
    )
    results = ServicePointSerializer(many=True)


class ServicePointsView(APIView):
    """附近办事: the nearest service halls from the browser's position (WGS-84), or
    a district's halls when the position is refused or missing."""

    authentication_classes = []

    @extend_schema(
        parameters=[ServicePointsQuerySerializer],
        responses=ServicePointsSerializer,
        summary="附近的服务大厅（按浏览器定位或区县）",
    )
    def get(self, request):
        query = ServicePointsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        position, points = service_points.service_points(
            lat=data.get("lat"), lng=data.get("lng"), district=data.get("district", "")
        )
        for point in points:
            if point.distance_m is not None:
                point.distance_m = round(point.distance_m)
        body = {
            "position": list(position) if position else None,
            "districts": service_points.districts(),
            "results": points,
        }
        return Response(ServicePointsSerializer(body).data)
