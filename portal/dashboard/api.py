"""数据公开: GET /api/v1/stats/, the public statistics the H5 page shows.

Counts and rates per active department and for the city; no personal data
(department ids and names only). Cached five minutes on the server and by clients.
"""

from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.inputs import QuerySerializer
from portal.dashboard.public_stats import PUBLIC_CACHE_SECONDS, cached_public_stats
from portal.dashboard.timing import local_date

FIRST_YEAR = 2020


class StatsQuerySerializer(QuerySerializer):
    def get_fields(self):
        # Built per request: this year is the maximum, and the schema states it too.
        return {
            "year": serializers.IntegerField(
                required=False,
                min_value=FIRST_YEAR,
                max_value=local_date(timezone.now()).year,
                help_text="年份，默认今年（Asia/Shanghai）",
                error_messages={
                    "invalid": _("年份必须是整数。"),
                    "min_value": _("年份不能早于 {min_value} 年。"),
                    "max_value": _("年份不能晚于今年。"),
                },
            )
        }


class FiguresSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text="当年受理诉求件数")
    answered = serializers.IntegerField(help_text="其中已答复（含不予受理）件数")
    overdue_unanswered = serializers.IntegerField(
        help_text="其中已超过办理时限仍未答复的件数（计为未按时答复）"
    )
    on_time_rate = serializers.FloatField(
        allow_null=True,
        help_text="按时答复率（0–1）：按时答复件数 ÷（已答复 + 超期未答复），"
        "两者皆无时为 null",
    )
    closure_rate = serializers.FloatField(
        allow_null=True, help_text="办结率（0–1）：已办结件数 ÷ 受理件数"
    )
    satisfaction_rate = serializers.FloatField(
        allow_null=True, help_text="满意率（本年度评价中满意与非常满意占比，0–1）"
    )
    impression_average = serializers.FloatField(
        allow_null=True, help_text="市民印象平均分（本年度，1–5）"
    )
    # The 12345 office's figures (docs/dashboard.md); rates 0–1, null when the
    # denominator is 0.
    sign_on_time_rate = serializers.FloatField(
        allow_null=True,
        help_text="签收及时率：按时签收 ÷（已签收 + 超时未签收），按提交日期统计",
    )
    returned = serializers.IntegerField(help_text="当年受理诉求的退单次数")
    return_rate = serializers.FloatField(
        allow_null=True, help_text="退单率：退单次数 ÷ 受理件数"
    )
    redo_rate = serializers.FloatField(
        allow_null=True, help_text="重办率：重办过的诉求 ÷ 办结过的诉求"
    )
    callback_rate = serializers.FloatField(
        allow_null=True, help_text="回访率：已回访的诉求 ÷ 办结过的诉求"
    )
    callback_satisfaction_rate = serializers.FloatField(
        allow_null=True,
        help_text="回访满意率：回访结果为满意或基本满意的次数 ÷ 回访次数",
    )
    average_handling_workdays = serializers.FloatField(
        allow_null=True,
        help_text="平均办理用时（工作日）：提交至最近一次答复（重办的算到重办答复），扣除待补充材料期间",
    )
    co_handling_on_time_rate = serializers.FloatField(
        allow_null=True,
        help_text="协办按时率（计入协办部门）：按时答复的协办 ÷（已答复 + 超期未答复）",
    )


class DepartmentFiguresSerializer(FiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PublicStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    city = FiguresSerializer()
    departments = DepartmentFiguresSerializer(many=True)


class PublicStatsView(APIView):
    """Per active department and for the city: cases received and answered this
    year, those unanswered past due, on-time reply rate, closure rate,
    satisfaction rate, impression average (definitions: `rates`)."""

    permission_classes = [AllowAny]
    # Public figures: no session, so no CSRF and nothing user-specific to cache.
    authentication_classes = []

    @extend_schema(parameters=[StatsQuerySerializer], responses=PublicStatsSerializer)
    def get(self, request):
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or local_date(timezone.now()).year
        response = Response(PublicStatsSerializer(cached_public_stats(year=year)).data)
        patch_cache_control(response, public=True, max_age=PUBLIC_CACHE_SECONDS)
        return response
