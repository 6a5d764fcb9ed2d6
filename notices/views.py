"""GET /api/v1/notices/ and /api/v1/notices/{id}/ for the H5 page, and the share
page /n/{id} whose Open Graph tags WeChat reads (title, summary, cover)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from notices import selectors, services
from notices.serializers import (
    NoticeDetailSerializer,
    NoticeListSerializer,
    NoticeQuerySerializer,
)


class NoticeListView(generics.ListAPIView):
    authentication_classes = []
    serializer_class = NoticeListSerializer
    filter_backends = []

    @extend_schema(
        parameters=[NoticeQuerySerializer],
        summary="政务信息：动态、公告、政策文件与解读（置顶在前）",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = NoticeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.public_notices(
            kind=query.validated_data.get("kind"),
            department_id=query.validated_data.get("department"),
            search=query.validated_data.get("search", ""),
        )


class NoticeDetailView(APIView):
    authentication_classes = []

    @extend_schema(
        responses=NoticeDetailSerializer, summary="一条政务信息（计一次浏览）"
    )
    def get(self, request, pk):
        notice = selectors.public_notice(notice_id=pk)
        if notice is None:
            raise exceptions.NotFound(_("该信息不存在或已下线。"))
        services.notice_viewed(notice_id=notice.pk)
        notice.shown_interpretations = selectors.interpretations_of(notice)
        notice.share_path = f"/n/{notice.pk}"
        if (
            notice.interprets_id
            and selectors.public_notice(notice_id=notice.interprets_id) is None
        ):
            notice.interprets = None
        return Response(NoticeDetailSerializer(notice).data)
