"""A signed-in citizen's case in the look-up's shape, with its ratings, and the
citizen's 补充材料 by query code or by the signed-in session.

citizens/ proves the phone and finds the case; the look-up's serializer with each
answer's rating lives here in the site (portal.composed.cases), so the views do
too. Another phone's case is a 404, like an unknown number.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import views as case_views
from citizens import selectors as citizen_selectors
from citizens.session import IsSignedInCitizen, signed_in_phone
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


class CaseSupplementView(case_views.CaseSupplementView):
    """补充材料 with the query code, or without one for the signed-in citizen's own
    case (its contact phone is the session's); answered in the look-up's shape."""

    detail_serializer = RatedCaseDetailSerializer

    def signed_in_case(self, request, number: str):
        phone = signed_in_phone(request)
        if phone is None:
            return super().signed_in_case(request, number)
        case = citizen_selectors.my_case(phone=phone, number=number)
        if case is None:
            raise exceptions.NotFound(_("未找到该诉求。"))
        return case

    @case_views.case_supplement_schema(RatedCaseDetailSerializer)
    def post(self, request, number):
        # No docstring: the operation keeps the base view's description.
        return super().post(request, number)
