"""Shapes of /api/v1/notices/."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kernel.api.fields import IdField, SearchField
from kernel.api.inputs import QuerySerializer
from notices.models import Notice, NoticeImage


class NoticeQuerySerializer(QuerySerializer):
    kind = serializers.ChoiceField(
        choices=Notice.Kind.choices, required=False, label=_("类别")
    )
    department = IdField(required=False, label=_("部门"))
    search = SearchField(help_text=_("标题、摘要和正文中的词，如 社保"))


def _url(field) -> str:
    return field.url if field else ""


class NoticeListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    department = serializers.SerializerMethodField()
    cover = serializers.SerializerMethodField(help_text=_("640×360 封面；无封面为空"))

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "summary",
            "department",
            "cover",
            "publish_at",
            "pinned",
            "view_count",
        ]

    def get_department(self, obj) -> str:
        return obj.department.name if obj.department_id else "全市"

    def get_cover(self, obj) -> str:
        return _url(obj.cover_640)


class NoticeImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NoticeImage
        fields = ["url", "caption"]

    def get_url(self, obj) -> str:
        return _url(obj.image_960)


class NoticeLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class NoticeDetailSerializer(NoticeListSerializer):
    body_html = serializers.CharField(
        help_text=_("已净化的 HTML：无脚本、无内联样式，链接和图片只指向本站")
    )
    images = NoticeImageSerializer(many=True)
    interprets = NoticeLinkSerializer(allow_null=True)
    interpretations = NoticeLinkSerializer(many=True, source="shown_interpretations")
    share_url = serializers.CharField(
        source="share_path", help_text=_("分享链接（带 Open Graph 标签）")
    )

    class Meta(NoticeListSerializer.Meta):
        fields = [
            *NoticeListSerializer.Meta.fields,
            "body_html",
            "images",
            "interprets",
            "interpretations",
            "share_url",
        ]
