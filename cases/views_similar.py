"""同一对象已有 N 件诉求正在办理: the duplicate hint before a complaint is sent.

Counts only: no number, title or anyone's data leaves the server, and the
citizen may still submit (12345 merges duplicates after, not instead of,
registering them)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.selectors_similar import SIMILAR_DAYS, similar_open_counts
from departments import selectors as department_selectors
from kernel.api.fields import IdField
from kernel.api.inputs import QuerySerializer
from kernel.throttles import per_address


class SimilarQuerySerializer(QuerySerializer):
    department = IdField(label=_("受理部门"))
    service_type = IdField(required=False, label=_("办理事项"))
    complainee = serializers.CharField(
        required=False, allow_blank=True, max_length=200, label=_("被投诉/举报对象")
    )
    address = serializers.CharField(
        required=False, allow_blank=True, max_length=200, label=_("地址")
    )


def hint_message(*, same_object: int, same_service: int) -> str:
    if same_object:
        return _("同一对象已有 %(n)d 件诉求正在办理，您仍可提交，部门会一并处理。") % {
            "n": same_object
        }
    if same_service:
        return _("近%(days)d天该事项已有 %(n)d 件投诉正在办理，您仍可提交。") % {
            "days": SIMILAR_DAYS,
            "n": same_service,
        }
    return ""


@extend_schema(
    parameters=[SimilarQuerySerializer],
    responses=inline_serializer(
        "SimilarComplaints",
        {
            "same_complainee": serializers.IntegerField(),
            "same_address": serializers.IntegerField(),
            "same_service_type": serializers.IntegerField(),
            "message": serializers.CharField(),
        },
    ),
    summary="投诉前提示：同一对象、地址或事项正在办理的投诉件数（不含任何个人信息）",
)
class SimilarComplaintsView(APIView):
    authentication_classes = []
    throttle_classes = [per_address("case_similar")]

    def get(self, request):
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        department = department_selectors.get_active_department(
            department_id=data["department"]
        )
        if department is None:
            raise serializers.ValidationError(
                {"department": [_("所选部门不存在或已停用。")]}
            )
        counts = similar_open_counts(
            department_id=department.pk,
            now=timezone.now(),
            complainee=data.get("complainee", ""),
            address=data.get("address", ""),
            service_type_id=data.get("service_type"),
        )
        return Response(
            {
                "same_complainee": counts.complainee,
                "same_address": counts.address,
                "same_service_type": counts.service_type,
                "message": hint_message(
                    same_object=counts.same_object, same_service=counts.service_type
                ),
            }
        )
