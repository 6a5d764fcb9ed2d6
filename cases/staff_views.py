"""The staff API: the same scope as the back office, for future staff apps.

Session-authenticated; an officer sees only their departments' cases, and another
department's case is a 404. Contact details are never part of it (they are
revealed, and recorded, only in the back office).
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from cases import selectors
from cases.models import Case
from cases.serializers import CaseLabelsSerializer


class IsStaff(permissions.BasePermission):
    message = "请使用工作人员账号登录。"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_active and request.user.is_staff)


class StaffCaseSerializer(CaseLabelsSerializer):
    deadline = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "number",
            "kind",
            "kind_label",
            "title",
            "department",
            "status",
            "status_label",
            "submitted_at",
            "due_at",
            "deadline",
            "is_supervised",
        ]

    def get_deadline(self, case) -> str:
        return selectors.deadline_state(case=case, now=self.context["now"])


@extend_schema_view(
    list=extend_schema(summary="工作人员：本部门诉求列表"),
    retrieve=extend_schema(summary="工作人员：按登记编号查看诉求"),
)
class StaffCaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StaffCaseSerializer
    permission_classes = [IsStaff]
    lookup_field = "number"
    filter_backends = []

    def get_queryset(self):
        return selectors.cases_for_staff(user=self.request.user).order_by(
            "-submitted_at", "-id"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}
