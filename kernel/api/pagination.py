from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from kernel.api.inputs import QuerySerializer
from kernel.counts import CappedPaginator, page_number

MAX_PAGE_SIZE = 100


class PageQuerySerializer(QuerySerializer):
    page = serializers.IntegerField(required=False, min_value=1, label=_("页码"))
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, label=_("每页条数")
    )


class PortalPagination(PageNumberPagination):
    """Page-number pagination; clients may ask for up to 100 items a page.

    DRF quietly uses the default size for a `page_size` it cannot read (`null`,
    `0`, `abc`) or cuts one that is too large, and answers "invalid page" (404) for
    `page=abc`; the schema says both are integers in a range, so here any other
    value is a 400 naming the parameter. A page past the last one stays a 404.

    The count stops at API_LIST_COUNT_CAP (kernel/counts.py): a list with more
    items answers `count` = the cap and `count_capped: true` ("more than `count`"),
    and `next` keeps leading on, page after page, as below the cap.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        PageQuerySerializer(data=request.query_params).is_valid(raise_exception=True)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        # DRF calls `self.django_paginator_class(queryset, page_size)` after setting
        # `self.request`; a method here lets the paginator know the page asked for,
        # which it counts up to. `page` is an integer here (PageQuerySerializer).
        return CappedPaginator(
            queryset,
            page_size,
            cap=settings.API_LIST_COUNT_CAP,
            page=page_number(self.request.query_params.get(self.page_query_param)),
        )

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        paginator = self.page.paginator
        if paginator.capped:
            response.data["count"] = paginator.bound
        response.data["count_capped"] = paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["description"] = (
            "Items in the list; when `count_capped`, the list has more than this."
        )
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "The count stopped at the cap: there are more than "
            "`count` items; follow `next` to read them.",
        }
        paginated["required"] = [*paginated["required"], "count_capped"]
        return paginated

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        limits = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": MAX_PAGE_SIZE},
        }
        for parameter in parameters:
            parameter["schema"].update(limits.get(parameter["name"], {}))
        return parameters
