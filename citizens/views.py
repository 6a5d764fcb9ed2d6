"""The citizen's own API (/api/v1/me/): a code by SMS, a session, their cases.

No DRF authentication: the session is read by `citizens.session`, and writes from
other sites are refused by portal.cross_site like every citizen write. The case
itself, in the look-up's shape with its ratings, is served by the site
(portal/composed/citizen_cases.py).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import citizen_access
from citizens import selectors, services
from citizens.codes import CODE_VALID_SECONDS
from citizens.serializers import (
    EMPTY_BODY,
    CodeRequestSerializer,
    CodeSentSerializer,
    EmptyBodySerializer,
    LoginSerializer,
    MyCaseSerializer,
    MyEvaluationSerializer,
    NewQueryCodeSerializer,
    SignedInSerializer,
    SmsStoppedSerializer,
)
from citizens.session import (
    IsSignedInCitizen,
    citizen_sign_in,
    citizen_sign_out,
    signed_in_phone,
)
from feedback import services as feedback_services
from feedback.serializers import EvaluationSerializer
from kernel import throttles
from kernel.privacy import mask_phone
from kernel.throttles import per_address

RESEND_AFTER_SECONDS = 60


def _signed_in(phone: str | None) -> dict:
    return {"signed_in": phone is not None, "phone": mask_phone(phone) if phone else ""}


class MeView(APIView):
    authentication_classes = []

    @extend_schema(responses=SignedInSerializer, summary="当前是否已用手机号登录")
    def get(self, request):
        return Response(SignedInSerializer(_signed_in(signed_in_phone(request))).data)


class LoginCodeView(APIView):
    authentication_classes = []
    throttle_classes = [per_address("citizen_code")]

    @extend_schema(
        request=CodeRequestSerializer,
        responses={
            202: CodeSentSerializer,
            429: OpenApiResponse(description="获取验证码过于频繁"),
        },
        summary="获取登录验证码（短信）",
    )
    def post(self, request):
        """Send a 6-digit code to the phone; the answer is the same whether or not
        the phone has cases."""
        serializer = CodeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        phone = serializer.validated_data["phone"]
        throttles.take(
            scope="citizen_code_phone",
            ident=phone,
            message=_("该手机号获取验证码过于频繁，请稍后再试。"),
        )
        services.login_code_send(phone=phone)
        body = {
            "detail": _("验证码已发送，%(minutes)d 分钟内有效。")
            % {"minutes": CODE_VALID_SECONDS // 60},
            "resend_after": RESEND_AFTER_SECONDS,
        }
        return Response(CodeSentSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class LoginView(APIView):
    authentication_classes = []
    throttle_classes = [per_address("citizen_login")]

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: SignedInSerializer,
            429: OpenApiResponse(description="过于频繁"),
        },
        summary="用手机号和短信验证码登录",
    )
    def post(self, request):
        """Check the code and sign this browser in for CITIZEN_SESSION_DAYS."""
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        phone = serializer.validated_data["phone"]
        services.login_code_check(phone=phone, code=serializer.validated_data["code"])
        citizen_sign_in(request, phone=phone)
        return Response(SignedInSerializer(_signed_in(phone)).data)


class LogoutView(APIView):
    authentication_classes = []

    @extend_schema(request=EMPTY_BODY, responses={204: None}, summary="退出手机号登录")
    def post(self, request):
        EmptyBodySerializer(data=request.data).is_valid(raise_exception=True)
        citizen_sign_out(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(summary="我的全部诉求（联系电话为登录手机号）")
class MyCaseListView(generics.ListAPIView):
    authentication_classes = []
    permission_classes = [IsSignedInCitizen]
    serializer_class = MyCaseSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.my_cases(phone=self.request.citizen_phone)


class MyCaseActionView(APIView):
    """A write on one of the signed-in citizen's cases; another phone's is a 404."""

    authentication_classes = []
    permission_classes = [IsSignedInCitizen]

    def my_case(self, number):
        case = selectors.my_case(phone=self.request.citizen_phone, number=number)
        if case is None:
            raise exceptions.NotFound(_("未找到该诉求。"))
        return case


class MyCaseEvaluationView(MyCaseActionView):
    throttle_classes = [per_address("evaluation")]

    @extend_schema(
        request=MyEvaluationSerializer,
        responses={
            201: EvaluationSerializer,
            400: OpenApiResponse(description="尚未答复、已评价过或字段错误"),
            429: OpenApiResponse(description="评价过于频繁"),
        },
        summary="好差评：评价我的诉求（无需查询码）",
    )
    def post(self, request, number):
        serializer = MyEvaluationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evaluation = feedback_services.evaluation_submit(
            case=self.my_case(number),
            level=serializer.validated_data["level"],
            comment=serializer.validated_data["comment"],
        )
        return Response(
            EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )


class MyCaseStopSmsView(MyCaseActionView):
    @extend_schema(
        request=EMPTY_BODY,
        responses=SmsStoppedSerializer,
        summary="不再接收该诉求的短信",
    )
    def post(self, request, number):
        EmptyBodySerializer(data=request.data).is_valid(raise_exception=True)
        case = citizen_access.case_stop_sms(case=self.my_case(number))
        body = {"number": case.number, "sms_consent": case.sms_consent}
        return Response(SmsStoppedSerializer(body).data)


class MyCaseQueryCodeView(MyCaseActionView):
    @extend_schema(
        request=EMPTY_BODY,
        responses=NewQueryCodeSerializer,
        summary="重新生成查询码（原查询码失效）",
    )
    def post(self, request, number):
        """A new query code, shown this once; the old one stops working."""
        EmptyBodySerializer(data=request.data).is_valid(raise_exception=True)
        case = self.my_case(number)
        code = citizen_access.case_reissue_query_code(case=case)
        body = {"number": case.number, "query_code": code}
        return Response(NewQueryCodeSerializer(body).data)
