"""`GET /api/v1/config/`: the server's rules a client shows (portal/client_config.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.client_config import client_config


class LengthSerializer(serializers.Serializer):
    min = serializers.IntegerField(
        allow_null=True, help_text=_("最少字数（可见字符），null 表示不限。")
    )
    max = serializers.IntegerField(help_text=_("最多字数。"))


class KindConfigSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("提交时的 kind 取值。"))
    label = serializers.CharField(help_text=_("正式名称，如 咨询求助。"))
    short = serializers.CharField(help_text=_("简称，如 咨询。"))
    entrance = serializers.CharField(help_text=_("入口按钮文字，如 我要咨询。"))
    tagline = serializers.CharField(help_text=_("入口下的一句说明。"))
    intro = serializers.CharField(help_text=_("表单上方的说明，含答复时限。"))
    reply_days = serializers.IntegerField(help_text=_("答复时限（工作日）。"))


class CaseFieldsSerializer(serializers.Serializer):
    title = LengthSerializer()
    content = LengthSerializer()
    complainee = LengthSerializer()
    contact_name = LengthSerializer()
    contact_phone = LengthSerializer()
    address = LengthSerializer()


class CaseConfigSerializer(serializers.Serializer):
    max_photos = serializers.IntegerField(help_text=_("每件诉求最多几张照片。"))
    sms_consent_default = serializers.BooleanField(
        help_text=_("“接收短信通知”是否默认勾选（由城市设置）。")
    )
    lengths = CaseFieldsSerializer()


class LookupFieldsSerializer(serializers.Serializer):
    number = LengthSerializer()
    query_code = LengthSerializer()


class SupplementFieldsSerializer(serializers.Serializer):
    content = LengthSerializer()


class LookupConfigSerializer(serializers.Serializer):
    lengths = LookupFieldsSerializer()
    supplement = SupplementFieldsSerializer(help_text=_("补充材料。"))


class CommentFieldsSerializer(serializers.Serializer):
    comment = LengthSerializer()


class FeedbackConfigSerializer(serializers.Serializer):
    impression = CommentFieldsSerializer(help_text=_("市民印象。"))
    review = CommentFieldsSerializer(help_text=_("领导点评。"))
    evaluation = CommentFieldsSerializer(help_text=_("好差评。"))


class LevelSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()
    tone = serializers.ChoiceField(
        choices=["good", "neutral", "bad"],
        help_text=_("显示颜色：满意、基本满意、不满意（将整改）。"),
    )


class RatingConfigSerializer(serializers.Serializer):
    statuses = serializers.ListField(
        child=serializers.CharField(), help_text=_("可以评价的诉求状态。")
    )
    levels = LevelSerializer(many=True, help_text=_("评价等级，从满意到不满意。"))


class CitizenConfigSerializer(serializers.Serializer):
    code_digits = serializers.IntegerField(help_text=_("登录验证码的位数。"))
    code_minutes = serializers.IntegerField(help_text=_("验证码几分钟内有效。"))


class NameFieldsSerializer(serializers.Serializer):
    name = LengthSerializer()


class AppointmentConfigSerializer(serializers.Serializer):
    booking = NameFieldsSerializer(help_text=_("预约时填写的姓名。"))
    rating = CommentFieldsSerializer(help_text=_("办事评价的意见。"))


class SurveyConfigSerializer(serializers.Serializer):
    text_max = serializers.IntegerField(help_text=_("简答题最多字数。"))


class ClientConfigSerializer(serializers.Serializer):
    kinds = KindConfigSerializer(many=True)
    case = CaseConfigSerializer()
    lookup = LookupConfigSerializer()
    feedback = FeedbackConfigSerializer()
    citizen = CitizenConfigSerializer(help_text=_("用手机号查看我的诉求。"))
    rating = RatingConfigSerializer(help_text=_("办理结果的好差评。"))
    appointments = AppointmentConfigSerializer(help_text=_("预约办事。"))
    surveys = SurveyConfigSerializer(help_text=_("调研投票。"))


class ClientConfigView(APIView):
    # Public and the same for everyone: no session, so no CSRF or login involved.
    authentication_classes = []

    @extend_schema(
        summary="客户端配置：限制、类型名称与答复时限",
        description=_(
            "H5 页面显示的服务器规则：诉求类型及名称、答复时限、字数和照片限制、"
            "评价等级。与服务器校验所用的设置和字段一致。"
        ),
        responses=ClientConfigSerializer,
    )
    def get(self, request):
        # The same rules the settings and the input serializers enforce.
        return Response(ClientConfigSerializer(client_config()).data)
