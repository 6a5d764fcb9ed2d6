"""/api/v1/surveys/: the list, one survey, a response, the results (when public).

Who answers: a survey for anyone takes one response per device (the signed device
cookie, kernel.device); a survey for verified phones needs the SMS sign-in of
/api/v1/me/login/ and takes one per phone."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens.session import signed_in_phone
from kernel.device import DeviceCookieMixin
from kernel.throttles import per_address
from surveys import selectors, services
from surveys.models import Survey
from surveys.serializers import (
    ResponseInputSerializer,
    ResultsSerializer,
    SurveyDetailSerializer,
    SurveyListSerializer,
)


def _survey(pk: int) -> Survey:
    survey = selectors.survey_detail(survey_id=pk)
    if survey is None:
        raise exceptions.NotFound(_("该调研不存在。"))
    return survey


class SurveyListView(generics.ListAPIView):
    authentication_classes = []
    serializer_class = SurveyListSerializer
    filter_backends = []

    @extend_schema(summary="微调研与微投票：开放中的，以及结果公开的")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.listed_surveys()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class SurveyDetailView(APIView):
    authentication_classes = []

    @extend_schema(responses=SurveyDetailSerializer, summary="一项调研的题目")
    def get(self, request, pk):
        return Response(
            SurveyDetailSerializer(_survey(pk), context={"now": timezone.now()}).data
        )


class SurveyResponseView(DeviceCookieMixin, APIView):
    authentication_classes = []
    throttle_classes = [per_address("survey_response")]

    @extend_schema(
        request=ResponseInputSerializer,
        responses={
            201: ResultsSerializer,
            400: OpenApiResponse(description="不在开放时间、已参与过、答案不合题目"),
            403: OpenApiResponse(description="需用手机号登录的调研"),
            404: OpenApiResponse(description="调研不存在"),
            429: OpenApiResponse(description="过于频繁"),
        },
        summary="提交答卷（每台设备或每个手机号一次）；结果公开时返回最新结果",
    )
    def post(self, request, pk):
        survey = _survey(pk)
        body = ResponseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if survey.audience == Survey.Audience.PHONE:
            phone = signed_in_phone(request)
            if phone is None:
                raise exceptions.PermissionDenied(
                    _("本调研需先用手机号和短信验证码登录。")
                )
            voter = services.voter_of_phone(phone)
        else:
            voter = self.device_hash(request)
        services.response_submit(
            survey=survey, voter=voter, answers=body.validated_data["answers"]
        )
        results = (
            selectors.survey_results(survey=survey)
            if survey.results_public
            else {"responses": 0, "questions": []}
        )
        return Response(ResultsSerializer(results).data, status=status.HTTP_201_CREATED)


class SurveyResultsView(APIView):
    authentication_classes = []

    @extend_schema(
        responses={
            200: ResultsSerializer,
            404: OpenApiResponse(description="调研不存在或结果不公开"),
        },
        summary="调研结果（仅公开结果的调研；不含任何答题人信息）",
    )
    def get(self, request, pk):
        survey = _survey(pk)
        if not survey.results_public:
            raise exceptions.NotFound(_("该调研的结果不公开。"))
        return Response(ResultsSerializer(selectors.survey_results(survey=survey)).data)
