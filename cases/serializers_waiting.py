"""The citizen's answer to a 补充材料 request (POST cases/<number>/supplement/).

Held to the submission's rules: plain citizen text (kernel.text), photos as
`attachments` are at submission (cases.fields.PhotoListField); the service checks
both again, and counts the photos with the case's own (CASE_MAX_PHOTOS).
"""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.fields import PhotoListField
from cases.services.waiting import SUPPLEMENT_LENGTH
from kernel.api.inputs import BodySerializer
from kernel.text import citizen_text


class CaseSupplementSerializer(BodySerializer):
    query_code = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        label=_("查询码"),
        help_text=_("凭查询码补充；已用手机号登录、诉求为本机号码所提交时可不填。"),
    )
    content = citizen_text(
        _("补充内容"), min_length=SUPPLEMENT_LENGTH[0], max_length=SUPPLEMENT_LENGTH[1]
    )
    photos = PhotoListField(
        child=serializers.FileField(allow_empty_file=False),
        required=False,
        max_length=settings.CASE_MAX_PHOTOS,
        default=list,
        label=_("图片"),
        help_text=format_lazy(
            _(
                "JPEG/PNG/WebP 图片，每张不超过 {mb} MB；"
                "连同诉求已有的图片，每件最多 {photos} 张。"
            ),
            photos=settings.CASE_MAX_PHOTOS,
            mb=settings.CASE_PHOTO_MAX_BYTES // (1024 * 1024),
        ),
    )
