"""Input and output shapes of the citizen's own API (/api/v1/me/)."""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.fields import PhoneField
from cases.models import Case
from cases.serializers import CaseLabelsSerializer
from feedback.models import CaseEvaluation
from kernel.api.inputs import BodySerializer
from kernel.text import citizen_text

MOBILE_PATTERN = r"^1[3-9][0-9]{9}$"


class MobileField(PhoneField):
    """A mainland mobile number (spaces and +86 forgiven): codes go by SMS, which
    no landline receives."""

    schema_pattern = MOBILE_PATTERN

    def to_internal_value(self, data):
        phone = super().to_internal_value(data)
        if not (len(phone) == 11 and phone.isascii() and phone.startswith("1")):
            raise serializers.ValidationError(
                _("请填写手机号（11 位），验证码将以短信发送。")
            )
        return phone


class LoginCodeField(serializers.CharField):
    """The 6 digits of the SMS; the schema carries the same pattern."""

    schema_pattern = r"^[0-9]{6}$"

    def __init__(self, **kwargs):
        super().__init__(max_length=6, min_length=6, **kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        if not re.fullmatch(self.schema_pattern, code):
            raise serializers.ValidationError(_("请填写短信中的 6 位数字验证码。"))
        return code


class CodeRequestSerializer(BodySerializer):
    phone = MobileField(max_length=20, label=_("手机号"))


class LoginSerializer(BodySerializer):
    phone = MobileField(max_length=20, label=_("手机号"))
    code = LoginCodeField(label=_("验证码"))


class EmptyBodySerializer(BodySerializer):
    """An action that takes no fields: `{}` or no body at all."""


# Its schema: drf-spectacular leaves a serializer without fields out, and the
# portal documents a body (and its 413/415) for every write.
EMPTY_BODY = {
    "application/json": {"type": "object", "description": "无需任何字段，发送 {}"}
}


class CodeSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    resend_after = serializers.IntegerField(help_text=_("多少秒后可以再次获取"))


class SignedInSerializer(serializers.Serializer):
    signed_in = serializers.BooleanField()
    phone = serializers.CharField(help_text=_("打码后的手机号；未登录时为空"))


class MyCaseSerializer(CaseLabelsSerializer):
    """A case in the citizen's list: what it is, where it stands, what they may do."""

    can_rate = serializers.BooleanField(help_text=_("已答复且这次答复尚未评价"))

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
            "replied_at",
            "sms_consent",
            "can_rate",
        ]


class MyEvaluationSerializer(BodySerializer):
    level = serializers.ChoiceField(
        choices=CaseEvaluation.Level.choices,
        label=_("评价"),
        help_text=_("5 非常满意，4 满意，3 基本满意，2 不满意，1 非常不满意。"),
    )
    comment = citizen_text(_("评价意见"), max_length=500, required=False)


class SmsStoppedSerializer(serializers.Serializer):
    number = serializers.CharField()
    sms_consent = serializers.BooleanField()


class NewQueryCodeSerializer(serializers.Serializer):
    number = serializers.CharField()
    query_code = serializers.CharField(help_text=_("新的查询码，只显示这一次"))


WECHAT_CODE_PATTERN = r"^[A-Za-z0-9_-]+$"


class WeChatCodeField(serializers.RegexField):
    # The schema states the field's own pattern (kernel/api/schema.py), not the
    # generic "not blank" one every text field gets.
    schema_pattern = WECHAT_CODE_PATTERN


class WeChatCodeSerializer(BodySerializer):
    """The `code` WeChat's web authorisation put in the page's address."""

    code = WeChatCodeField(
        WECHAT_CODE_PATTERN,
        max_length=128,
        label=_("微信授权码"),
        error_messages={"invalid": _("微信授权码格式不正确，请从公众号菜单重新进入。")},
    )


class WeChatStateSerializer(serializers.Serializer):
    configured = serializers.BooleanField(
        help_text=_("是否已配置公众号（未配置时页面不必提交授权码）")
    )
    linked = serializers.BooleanField(
        help_text=_("本次会话已关联微信，之后提交的诉求将同时以微信通知进度")
    )
