"""The citizens' cases API: submit, look up with the query code, public letters."""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, parsers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import citizen_access, selectors, services
from cases.serializers import (
    CaseDetailSerializer,
    CaseLookupSerializer,
    CaseSubmitSerializer,
    CaseSubmittedSerializer,
    PublicCaseQuerySerializer,
    PublicCaseSerializer,
)
from cases.serializers_waiting import CaseSupplementSerializer
from cases.throttles import case_lookup_guarded
from kernel.throttles import per_address
from notifications import wechat_oauth

_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-:.]{8,100}$")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_conflict"


def _max_submission_bytes() -> int:
    # Every photo at its limit plus room for the text fields and multipart framing.
    return settings.CASE_MAX_PHOTOS * settings.CASE_PHOTO_MAX_BYTES + 1024 * 1024


class CaseSubmitView(APIView):
    throttle_classes = [per_address("case_submit")]
    authentication_classes = []
    # Photos come as multipart; every other API body is JSON only.
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser]
    # OpenAPI links (kernel/api/schema.py): what a new case's number and code open,
    # for client authors and schemathesis' stateful runs.
    schema_links = {
        "201": {
            "LookUp": {
                "operationId": "v1_cases_lookup_create",
                "requestBody": {
                    "number": "$response.body#/number",
                    "query_code": "$response.body#/query_code",
                },
            },
            "StaffView": {
                "operationId": "v1_staff_cases_retrieve",
                "parameters": {"number": "$response.body#/number"},
            },
        }
    }

    @extend_schema(
        request={
            "application/json": CaseSubmitSerializer,
            "multipart/form-data": CaseSubmitSerializer,
        },
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description=(
                    "客户端生成的随机键（8-100 位）；重试时使用同一键不会重复登记。"
                ),
                # Empty counts as no key.
                pattern=r"^(?:[A-Za-z0-9_\-:.]{8,100})?$",
            )
        ],
        responses={
            201: CaseSubmittedSerializer,
            400: OpenApiResponse(description="字段错误"),
            409: OpenApiResponse(description="幂等键已用于另一份提交"),
            413: OpenApiResponse(description="请求过大"),
            429: OpenApiResponse(description="提交过于频繁"),
        },
        summary="提交咨询、投诉或建议",
    )
    def post(self, request):
        """Register a case; the answer carries the number and one-time query code."""
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > _max_submission_bytes():
            raise RequestTooLarge(
                _("提交的内容过大：图片最多 9 张，每张不超过 10 MB。")
            )
        key = request.headers.get("Idempotency-Key") or None
        if key is not None and not _IDEMPOTENCY_KEY.match(key):
            raise exceptions.ValidationError(
                {"Idempotency-Key": [_("幂等键须为 8-100 位字母、数字或 -_:. 符号。")]}
            )
        serializer = CaseSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        photos = data.pop("attachments")
        data["department_id"] = data.pop("department")
        data["service_type_id"] = data.pop("service_type")
        data["wechat_openid"] = wechat_oauth.session_openid(request)
        try:
            submitted = services.case_submit(
                submission=services.CaseSubmission(**data),
                photos=photos,
                idempotency_key=key,
            )
        except services.IdempotencyConflict:
            raise IdempotencyKeyReused(
                _("该幂等键已用于另一份不同的提交，请为新提交生成新的键。")
            ) from None
        headers = {"Idempotent-Replayed": "true"} if submitted.replayed else {}
        return Response(
            CaseSubmittedSerializer(submitted).data,
            status=status.HTTP_201_CREATED,
            headers=headers,
        )


def case_lookup_schema(detail_serializer):
    """The look-up's OpenAPI description, answering `detail_serializer`."""
    return extend_schema(
        request=CaseLookupSerializer,
        responses={
            200: detail_serializer,
            404: OpenApiResponse(description="登记编号或查询码不正确"),
            429: OpenApiResponse(description="查询过于频繁"),
        },
        summary="凭登记编号和查询码查询办理进度",
    )


class CaseLookupView(APIView):
    """The look-up with the case's own fields; the site serves it with the
    citizen's ratings added (`portal.composed.cases`)."""

    throttle_classes = [per_address("case_lookup")]
    authentication_classes = []
    detail_serializer = CaseDetailSerializer

    @case_lookup_schema(CaseDetailSerializer)
    def post(self, request):
        """The case's progress; the code travels in the body, never in the URL."""
        serializer = CaseLookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_lookup_guarded(
            request=request,
            number=serializer.validated_data["number"],
            query_code=serializer.validated_data["query_code"],
        )
        if case is None:
            raise exceptions.NotFound(_("登记编号或查询码不正确。"))
        return Response(self.detail_serializer(case, context={"request": request}).data)


@extend_schema(
    parameters=[PublicCaseQuerySerializer],
    summary="公开信件：已答复且市民同意公开的诉求",
)
class PublicCaseListView(generics.ListAPIView):
    serializer_class = PublicCaseSerializer
    authentication_classes = []
    filter_backends = []

    def get_queryset(self):
        query = PublicCaseQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.public_case_list(
            kind=query.validated_data.get("kind"),
            department_id=query.validated_data.get("department"),
            search=query.validated_data.get("search", ""),
        )


@extend_schema(
    request=CaseLookupSerializer,
    responses={
        200: OpenApiResponse(description="已退订短信通知"),
        404: OpenApiResponse(description="登记编号或查询码不正确"),
        429: OpenApiResponse(description="查询过于频繁"),
    },
    summary="凭登记编号和查询码退订本诉求的短信通知",
)
class CaseSmsStopView(APIView):
    """不再接收短信: the look-up's number and code, guarded like the look-up."""

    throttle_classes = [per_address("case_lookup")]
    authentication_classes = []

    def post(self, request):
        serializer = CaseLookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_lookup_guarded(
            request=request,
            number=serializer.validated_data["number"],
            query_code=serializer.validated_data["query_code"],
        )
        if case is None:
            raise exceptions.NotFound(_("登记编号或查询码不正确。"))
        services.case_sms_stop(case=case)
        return Response(
            {"sms_consent": False, "detail": _("已退订，本诉求不再发送短信通知。")}
        )


def case_supplement_schema(detail_serializer):
    """The supplement's OpenAPI description, answering `detail_serializer`."""
    return extend_schema(
        request={
            "multipart/form-data": CaseSupplementSerializer,
            "application/json": CaseSupplementSerializer,
        },
        responses={
            201: detail_serializer,
            400: OpenApiResponse(description="字段错误，或诉求当前无需补充材料"),
            404: OpenApiResponse(description="登记编号或查询码不正确"),
            413: OpenApiResponse(description="请求过大"),
            429: OpenApiResponse(description="提交过于频繁"),
        },
        summary="补充材料：回复工作人员的询问（文字和图片）",
    )


class CaseSupplementView(APIView):
    """补充材料: the citizen answers what staff asked, with text and photos.

    Access as the other case writes prove it: the look-up's query code, with its
    wrong-code lockout (`case_lookup_guarded`), or a signed-in citizen's own case
    (the site plugs in the session, `signed_in_case`: citizens sits above cases).
    Limited per address like a submission, whose photos it takes.
    """

    throttle_classes = [per_address("case_supplement")]
    authentication_classes = []
    parser_classes = [parsers.MultiPartParser, parsers.JSONParser]
    detail_serializer = CaseDetailSerializer

    def signed_in_case(self, request, number: str):
        """The signed-in citizen's case `number`, for a request without a code.
        Neither a code nor a session: access is not proven (403, like a wrong
        session), and the message says how to prove it."""
        raise exceptions.PermissionDenied(_("请填写查询码，或先用手机号登录。"))

    @case_supplement_schema(CaseDetailSerializer)
    def post(self, request, number):
        """Answer the question; the case resumes and its due date moves by the
        working days it waited (cases/services/waiting.py)."""
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > _max_submission_bytes():
            raise RequestTooLarge(
                {"photos": [_("提交的内容过大：每张图片不超过 10 MB，最多 9 张。")]}
            )
        serializer = CaseSupplementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["query_code"]:
            case = case_lookup_guarded(
                request=request, number=number, query_code=data["query_code"]
            )
            if case is None:
                raise exceptions.NotFound(_("登记编号或查询码不正确。"))
        else:
            case = self.signed_in_case(request, number)
        services.info_supply(case=case, content=data["content"], photos=data["photos"])
        case = citizen_access.case_as_looked_up(case_id=case.pk)
        return Response(
            self.detail_serializer(case, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
