"""The citizen's own API (/api/v1/me/): a code by SMS, a session, their cases.

No DRF authentication: the session is read by `citizens.session`, and writes from
other sites are refused by portal.cross_site like every citizen write. The case
itself, in the look-up's shape with its ratings, is served by the site
(portal/composed/citizen_cases.py).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
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
    WeChatCodeSerializer,
    WeChatStateSerializer,
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
from notifications import wechat_oauth

RESEND_AFTER_SECONDS = 60


def _signed_in(phone: str | None) -> dict:
    return {"signed_in": phone is not None, "phone": mask_phone(phone) if phone else ""}


class MeView(APIView):
    authentication_classes = []

    @extend_schema(responses=SignedInSerializer, summary="当前是否已用手机号登录")
    def get(self, request):
        return Response(SignedInSerializer(_signed_in(signed_in_phone(request))).data)


class WeChatUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _lazy("微信服务暂时不可用，请稍后再试；不影响提交和查询诉求。")
    default_code = "wechat_unavailable"


class WeChatView(APIView):
    """The WeChat openid of this browser, from the OAuth `code`
    (notifications.wechat_oauth): kept in the session, never answered back."""

    authentication_classes = []
    throttle_classes = [per_address("citizen_wechat")]

    def get_throttles(self):
        # Reading the state costs nothing and the page asks it on every visit;
        # only exchanging a code reaches WeChat.
        if self.request is not None and self.request.method == "GET":
            return []
        return super().get_throttles()

    @extend_schema(
        responses=WeChatStateSerializer,
        summary="微信：是否已配置公众号网页授权、本次会话是否已关联",
    )
    def get(self, request):
        body = {
            "configured": wechat_oauth.is_configured(),
            "linked": bool(wechat_oauth.session_openid(request)),
        }
        return Response(WeChatStateSerializer(body).data)

    @extend_schema(
        request=WeChatCodeSerializer,
        responses={
            200: WeChatStateSerializer,
            400: OpenApiResponse(description="授权码无效、已使用或已过期"),
            404: OpenApiResponse(description="本站未启用微信公众号关联"),
            429: OpenApiResponse(description="过于频繁"),
            503: OpenApiResponse(description="微信暂时不可用"),
        },
        summary="关联微信（公众号网页授权 code 换取 openid，仅存于会话）",
    )
    def post(self, request):
        serializer = WeChatCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not wechat_oauth.is_configured():
            # This site has no service account: nothing to link, now or later.
            raise exceptions.NotFound(_("本站未启用微信公众号关联。"))
        try:
            openid = wechat_oauth.openid_fetch(code=serializer.validated_data["code"])
        except wechat_oauth.InvalidCode:
            raise exceptions.ValidationError(
                {"code": [_("微信授权已失效，请从公众号菜单重新进入。")]}
            ) from None
        except wechat_oauth.Unavailable:
            raise WeChatUnavailable() from None
        wechat_oauth.session_openid_keep(request, openid=openid)
        return Response(
            WeChatStateSerializer({"configured": True, "linked": True}).data
        )


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
