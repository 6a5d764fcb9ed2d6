"""Public, read-only API of departments, service types and leaders.

The department and leader viewsets here show this app's own fields; the site
routes their URLs to `portal.composed.departments`, which adds the ratings.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from departments import selectors
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
