"""The knowledge API: search, read, vote, 已解决, and the suggestions at intake."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.device import DeviceCookieMixin
from kernel.throttles import per_address
from knowledge import selectors, services, suggest
from knowledge.serializers import (
    EntryDetailSerializer,
    EntryListSerializer,
    KnowledgeQuerySerializer,
    SelfServedSerializer,
    SuggestionsSerializer,
    SuggestQuerySerializer,
    VoteSerializer,
)

_UNKNOWN = OpenApiResponse(description="条目不存在、未发布或已过有效期")
_THROTTLED = OpenApiResponse(description="请求过于频繁")


@extend_schema(
    parameters=[KnowledgeQuerySerializer], summary="知识库：搜索已发布的问答"
)
class KnowledgeListView(generics.ListAPIView):
    """A search that finds nothing is kept, masked, for the list of questions
    still to answer (问一问 and this list are where citizens ask)."""

    serializer_class = EntryListSerializer
    authentication_classes = []
    filter_backends = []
    throttle_classes = [per_address("knowledge_suggest")]

    def get_queryset(self):
        self.query = KnowledgeQuerySerializer(data=self.request.query_params)
        self.query.is_valid(raise_exception=True)
        return selectors.entry_list(
            search=self.query.validated_data.get("search", ""),
            department_id=self.query.validated_data.get("department"),
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        search = self.query.validated_data.get("search", "")
        first_page = request.query_params.get("page") in (None, "1")
        if search and first_page and not response.data["results"]:
            services.unanswered_record(text=search, now=timezone.now())
        return response


class _EntryView(APIView):
    authentication_classes = []

    def entry(self, pk: int):
        entry = selectors.get_shown_entry(entry_id=pk)
        if entry is None:
            raise exceptions.NotFound()
        return entry


@extend_schema(
    responses={200: EntryDetailSerializer, 404: _UNKNOWN},
    summary="知识库：一条问答（计入浏览）",
)
class KnowledgeDetailView(_EntryView):
    throttle_classes = [per_address("knowledge_suggest")]

    def get(self, request, pk: int):
        entry = self.entry(pk)
        services.entry_viewed(entry=entry, now=timezone.now())
        return Response(EntryDetailSerializer(entry).data)


@extend_schema(
    request=VoteSerializer,
    responses={
        200: EntryDetailSerializer,
        400: OpenApiResponse(description="今天已评价"),
        404: _UNKNOWN,
        429: _THROTTLED,
    },
    summary="知识库：这条回答有用 / 没用（每台设备每天一次）",
)
class KnowledgeVoteView(DeviceCookieMixin, _EntryView):
    throttle_classes = [per_address("knowledge_vote")]

    def post(self, request, pk: int):
        entry = self.entry(pk)
        body = VoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.entry_vote(
            entry=entry,
            helpful=body.validated_data["helpful"],
            device_hash=self.device_hash(request),
            now=timezone.now(),
        )
        return Response(EntryDetailSerializer(entry).data)


@extend_schema(
    request=SelfServedSerializer,
    responses={
        200: OpenApiResponse(description="已记录为自助解决"),
        404: _UNKNOWN,
        429: _THROTTLED,
    },
    summary="知识库：已解决（看了这条回答，不再提交诉求）",
)
class KnowledgeSelfServedView(DeviceCookieMixin, _EntryView):
    throttle_classes = [per_address("knowledge_vote")]

    def post(self, request, pk: int):
        entry = self.entry(pk)
        body = SelfServedSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        counted = services.self_served_record(
            entry=entry,
            kind=body.validated_data["kind"],
            device_hash=self.device_hash(request),
            now=timezone.now(),
        )
        return Response({"counted": counted})


@extend_schema(
    parameters=[SuggestQuerySerializer],
    responses={200: SuggestionsSerializer, 429: _THROTTLED},
    summary="提交前的推荐：匹配的知识条目、相似的公开信件和办事事项，附匹配原因",
)
class KnowledgeSuggestView(APIView):
    authentication_classes = []
    throttle_classes = [per_address("knowledge_suggest")]

    def get(self, request):
        query = SuggestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        found = suggest.suggest(
            query=data["q"], kind=data.get("kind"), department_id=data.get("department")
        )
        if data["ask"] and data["q"].strip() and not found.entries:
            services.unanswered_record(text=data["q"], now=timezone.now())
        return Response(SuggestionsSerializer(found).data)
