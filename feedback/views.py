"""The citizens' feedback API: impressions of departments, leader reviews, and
好差评 on answered cases. No login: a signed device cookie and per-IP throttles
limit repeated votes; a rating needs the case's number and query code."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.throttles import case_lookup_guarded
from departments import selectors as department_selectors
from feedback import selectors, services
from feedback.serializers import (
    EvaluationSerializer,
    EvaluationSubmitSerializer,
    ImpressionSubmitSerializer,
    ImpressionSubmittedSerializer,
    ImpressionTagSerializer,
    PublicReviewSerializer,
    ReviewPageSerializer,
    ReviewSubmitSerializer,
    ReviewSubmittedSerializer,
)
from kernel.api.pagination import PageQuerySerializer
from kernel.device import DeviceCookieMixin
from kernel.throttles import per_address

_REFUSED = OpenApiResponse(description="字段错误，或今天已评价过")
_UNKNOWN = OpenApiResponse(description="不存在或已停用")
_THROTTLED = OpenApiResponse(description="提交过于频繁")


class DepartmentImpressionView(DeviceCookieMixin, APIView):
    throttle_classes = [per_address("impression")]
    authentication_classes = []

    @extend_schema(
        request=ImpressionSubmitSerializer,
        responses={
            201: ImpressionSubmittedSerializer,
            400: _REFUSED,
            404: _UNKNOWN,
            429: _THROTTLED,
        },
        summary="市民印象：为部门评分、选择印象标签并留言",
    )
    def post(self, request, pk: int):
        """One impression per department, browser and day."""
        department = department_selectors.get_active_department(department_id=pk)
        if department is None:
            raise exceptions.NotFound()
        serializer = ImpressionSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        impression = services.impression_submit(
            department=department,
            score=data["score"],
            tag_ids=data["tags"],
            comment=data["comment"],
            device_hash=self.device_hash(request),
        )
        return Response(
            ImpressionSubmittedSerializer(impression).data,
            status=status.HTTP_201_CREATED,
        )


class LeaderReviewView(DeviceCookieMixin, generics.GenericAPIView):
    authentication_classes = []
    filter_backends = []
    serializer_class = PublicReviewSerializer

    def get_throttles(self):
        # Reading is free; only submitting is rate-limited.
        return [per_address("review")()] if self.request.method == "POST" else []

    def _leader(self, pk: int):
        leader = selectors.get_reviewable_leader(leader_id=pk)
        if leader is None:
            raise exceptions.NotFound()
        return leader

    @extend_schema(
        # Paginated by hand (not a list view), so the page parameters are named here.
        parameters=[PageQuerySerializer],
        responses={200: ReviewPageSerializer, 404: _UNKNOWN},
        summary="领导点评：已公开的点评和平均分",
    )
    def get(self, request, pk: int):
        """Published reviews, newest first, paginated, with the average score."""
        leader = self._leader(pk)
        page = self.paginate_queryset(
            selectors.published_leader_reviews(leader_id=leader.pk)
        )
        response = self.get_paginated_response(
            PublicReviewSerializer(page, many=True).data
        )
        response.data["rating"] = selectors.leader_review_summaries(
            leader_ids=[leader.pk]
        )[leader.pk]
        return response

    @extend_schema(
        request=ReviewSubmitSerializer,
        responses={
            201: ReviewSubmittedSerializer,
            400: _REFUSED,
            404: _UNKNOWN,
            429: _THROTTLED,
        },
        summary="领导点评：为领导干部评分并点评",
    )
    def post(self, request, pk: int):
        """One review per leader, browser and day."""
        leader = self._leader(pk)
        serializer = ReviewSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.review_submit(
            leader=leader,
            score=serializer.validated_data["score"],
            comment=serializer.validated_data["comment"],
            device_hash=self.device_hash(request),
        )
        return Response(
            ReviewSubmittedSerializer(review).data, status=status.HTTP_201_CREATED
        )


@extend_schema(summary="市民印象可选的印象标签")
class ImpressionTagListView(generics.ListAPIView):
    serializer_class = ImpressionTagSerializer
    authentication_classes = []
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return selectors.active_impression_tags()


class CaseEvaluationView(APIView):
    throttle_classes = [per_address("evaluation")]
    authentication_classes = []

    @extend_schema(
        request=EvaluationSubmitSerializer,
        responses={
            201: EvaluationSerializer,
            400: OpenApiResponse(description="尚未答复、已评价过或字段错误"),
            404: OpenApiResponse(description="登记编号或查询码不正确"),
            429: _THROTTLED,
        },
        summary="好差评：凭登记编号和查询码评价已答复的诉求",
    )
    def post(self, request):
        """Rate an answered case once; a wrong code counts like a failed look-up."""
        serializer = EvaluationSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = case_lookup_guarded(
            request=request, number=data["number"], query_code=data["query_code"]
        )
        if case is None:
            raise exceptions.NotFound(_("登记编号或查询码不正确。"))
        evaluation = services.evaluation_submit(
            case=case, level=data["level"], comment=data["comment"]
        )
        return Response(
            EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )
