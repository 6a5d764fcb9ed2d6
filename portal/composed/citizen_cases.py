"""A signed-in citizen's case in the look-up's shape, with its ratings.

citizens/ proves the phone and finds the case; the look-up's serializer with each
answer's rating lives here in the site (portal.composed.cases), so the view does
too. Another phone's case is a 404, like an unknown number.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens import selectors as citizen_selectors
from citizens.session import IsSignedInCitizen
from portal.composed.cases import RatedCaseDetailSerializer


class MyCaseDetailView(APIView):
    authentication_classes = []
    permission_classes = [IsSignedInCitizen]

    @extend_schema(
        responses=RatedCaseDetailSerializer, summary="查看我的诉求（无需查询码）"
    )
    def get(self, request, number):
        case = citizen_selectors.my_case(phone=request.citizen_phone, number=number)
        if case is None:
            raise exceptions.NotFound(_("未找到该诉求。"))
        return Response(
            RatedCaseDetailSerializer(case, context={"request": request}).data
        )
