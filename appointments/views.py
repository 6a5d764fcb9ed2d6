"""The booking API: /api/v1/appointments/ (choose, book, change) and
/api/v1/me/appointments/ (我的预约). Writes need the phone sign-in of
/api/v1/me/login/ (citizens.session); another phone's booking is a 404."""

import io

import segno
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from appointments import calendar, files, selectors, services
from appointments.serializers import (
    AppointmentSerializer,
    BookableServiceSerializer,
    BookingSerializer,
    BookingWindowSerializer,
    CancelSerializer,
    MaterialCheckSerializer,
    MoveSerializer,
    PrecheckUploadSerializer,
    SlotSerializer,
    SlotsQuerySerializer,
    VisitRatingInputSerializer,
    VisitRatingSerializer,
    WindowsQuerySerializer,
)
from citizens.codes import phone_hash
from citizens.session import IsSignedInCitizen
from departments.models import ServiceType
from kernel.throttles import per_address

NOT_FOUND = OpenApiResponse(description="预约不存在或不是本人的预约")


def _service_type(pk: int) -> ServiceType:
    # A query naming what is not there finds nothing: 404, as for a path.
    service_type = selectors.bookable_service_types().filter(pk=pk).first()
    if service_type is None:
        raise exceptions.NotFound(_("该服务不存在或不支持预约。"))
    return service_type


class ServicesView(generics.ListAPIView):
    """The service types that can be booked."""

    authentication_classes = []
    serializer_class = BookableServiceSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(summary="可预约的服务")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.bookable_service_types()


class WindowsView(APIView):
    authentication_classes = []

    @extend_schema(
        parameters=[WindowsQuerySerializer],
        responses={
            200: BookingWindowSerializer(many=True),
            404: OpenApiResponse(description="服务不存在或不支持预约"),
        },
        summary="某项服务可预约的窗口，及可预约日期和剩余名额",
    )
    def get(self, request):
        query = WindowsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        service_type = _service_type(query.validated_data["service_type"])
        now = timezone.now()
        windows = [
            {
                "window": schedule.window,
                "days_ahead": schedule.days_ahead,
                "change_until_minutes": schedule.change_until_minutes,
                "days": selectors.open_days(schedule=schedule, now=now),
            }
            for schedule in selectors.schedules_for(service_type)
        ]
        return Response(BookingWindowSerializer(windows, many=True).data)


class SlotsView(APIView):
    authentication_classes = []

    @extend_schema(
        parameters=[SlotsQuerySerializer],
        responses={
            200: SlotSerializer(many=True),
            404: OpenApiResponse(description="服务不存在，或不能在此窗口预约"),
        },
        summary="某窗口某日的时段及剩余名额",
    )
    def get(self, request):
        query = SlotsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        service_type = _service_type(query.validated_data["service_type"])
        schedule = selectors.schedule_for(service_type, query.validated_data["window"])
        if schedule is None:
            raise exceptions.NotFound(_("该服务不能在此窗口预约，请选择列出的窗口。"))
        slots = selectors.slots_with_seats(
            schedule=schedule, day=query.validated_data["date"], now=timezone.now()
        )
        return Response(SlotSerializer(slots, many=True).data)


class BookView(APIView):
    authentication_classes = []
    permission_classes = [IsSignedInCitizen]
    throttle_classes = [per_address("appointment_book")]

    @extend_schema(
        request=BookingSerializer,
        responses={
            201: AppointmentSerializer,
            400: OpenApiResponse(
                description="已约满、节假日、停办、超出可预约天数、过去的时段、"
                "同日重复预约、暂停预约或字段错误（detail 与字段名说明原因）"
            ),
            403: OpenApiResponse(description="未用手机号登录"),
            429: OpenApiResponse(description="过于频繁"),
        },
        summary="预约：选定服务、窗口和时段（需先用手机号登录）",
    )
    def post(self, request):
        body = BookingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        appointment = services.appointment_book(
            request=services.BookingRequest(
                service_type_id=data["service_type"],
                window_id=data["window"],
                starts_at=data["starts_at"],
                phone=request.citizen_phone,
                name=data.get("name", ""),
            )
        )
        return Response(
            AppointmentSerializer(selectors.just_booked(appointment)).data,
            status=status.HTTP_201_CREATED,
        )


class MyAppointmentView(APIView):
    """A view of one of the signed-in citizen's bookings."""

    authentication_classes = []
    permission_classes = [IsSignedInCitizen]

    def mine(self, number):
        appointment = selectors.appointment_of(
            phone_hash=phone_hash(self.request.citizen_phone), number=number
        )
        if appointment is None:
            raise exceptions.NotFound(_("未找到该预约。"))
        return appointment

    def answer(self, appointment, code=status.HTTP_200_OK):
        fresh = self.mine(appointment.number)
        return Response(AppointmentSerializer(fresh).data, status=code)


class CancelView(MyAppointmentView):
    throttle_classes = [per_address("appointment_book")]

    @extend_schema(
        request=CancelSerializer,
        responses={
            200: AppointmentSerializer,
            400: OpenApiResponse(description="已过取消截止时间或已不能取消"),
            404: NOT_FOUND,
        },
        summary="取消我的预约",
    )
    def post(self, request, number):
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        appointment = services.appointment_cancel(
            appointment=self.mine(number),
            phone=request.citizen_phone,
            reason=body.validated_data.get("reason", ""),
        )
        return self.answer(appointment)


class MoveView(MyAppointmentView):
    throttle_classes = [per_address("appointment_book")]

    @extend_schema(
        request=MoveSerializer,
        responses={
            200: AppointmentSerializer,
            400: OpenApiResponse(description="新时段不可约或已过改约截止时间"),
            404: NOT_FOUND,
        },
        summary="改约：换到同一窗口的另一个时段",
    )
    def post(self, request, number):
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        appointment = services.appointment_move(
            appointment=self.mine(number),
            phone=request.citizen_phone,
            starts_at=body.validated_data["starts_at"],
        )
        return self.answer(appointment)


class PrecheckView(MyAppointmentView):
    throttle_classes = [per_address("appointment_photo")]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": PrecheckUploadSerializer},
        responses={
            201: MaterialCheckSerializer,
            400: OpenApiResponse(description="图片不合格或材料不在清单中"),
            404: NOT_FOUND,
        },
        summary="预检：上传一项材料的照片",
    )
    def post(self, request, number):
        body = PrecheckUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check = services.precheck_upload(
            appointment=self.mine(number),
            phone=request.citizen_phone,
            material=body.validated_data["material"],
            photo=body.validated_data["photo"],
        )
        return Response(
            MaterialCheckSerializer(check).data, status=status.HTTP_201_CREATED
        )


class RateView(MyAppointmentView):
    throttle_classes = [per_address("evaluation")]

    @extend_schema(
        request=VisitRatingInputSerializer,
        responses={
            201: VisitRatingSerializer,
            400: OpenApiResponse(description="尚未办结、已评价过或字段错误"),
            404: NOT_FOUND,
        },
        summary="好差评：评价这次办事（办结后，一次一评）",
    )
    def post(self, request, number):
        body = VisitRatingInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rating = services.visit_rate(
            appointment=self.mine(number),
            phone=request.citizen_phone,
            level=body.validated_data["level"],
            comment=body.validated_data.get("comment", ""),
        )
        return Response(
            VisitRatingSerializer(rating).data, status=status.HTTP_201_CREATED
        )


class MyListView(generics.ListAPIView):
    authentication_classes = []
    permission_classes = [IsSignedInCitizen]
    serializer_class = AppointmentSerializer
    filter_backends = []

    @extend_schema(summary="我的预约")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.appointments_of(
            phone_hash=phone_hash(self.request.citizen_phone)
        )


class MyDetailView(MyAppointmentView):
    @extend_schema(
        responses={200: AppointmentSerializer, 404: NOT_FOUND}, summary="我的预约详情"
    )
    def get(self, request, number):
        return Response(AppointmentSerializer(self.mine(number)).data)


class QrView(MyAppointmentView):
    @extend_schema(
        responses={
            (200, "image/svg+xml"): OpenApiResponse(description="预约号二维码"),
            404: NOT_FOUND,
        },
        summary="预约号二维码（窗口扫码签到）",
    )
    def get(self, request, number):
        appointment = self.mine(number)
        buffer = io.BytesIO()
        segno.make_qr(appointment.number, error="m").save(
            buffer, kind="svg", scale=8, border=2, title=appointment.number
        )
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
        response["Cache-Control"] = "private, no-store"
        return response


class CalendarView(MyAppointmentView):
    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiResponse(description="iCalendar 文件"),
            404: NOT_FOUND,
        },
        summary="把预约加入手机日历（.ics）",
    )
    def get(self, request, number):
        appointment = self.mine(number)
        response = HttpResponse(
            calendar.appointment_ics(appointment),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{appointment.number}.ics"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class MaterialPhotoView(MyAppointmentView):
    @extend_schema(
        parameters=[
            OpenApiParameter("size", str, enum=["thumb", "full"], required=False)
        ],
        responses={
            (200, "image/*"): OpenApiResponse(description="材料照片"),
            404: NOT_FOUND,
        },
        summary="我上传的预检材料照片",
    )
    def get(self, request, number, check_id):
        appointment = self.mine(number)
        check = next((c for c in appointment.materials.all() if c.pk == check_id), None)
        if check is None:
            raise exceptions.NotFound(_("未找到该材料。"))
        name = (
            check.image
            if request.query_params.get("size") == "full"
            else check.thumbnail
        )
        return files.photo_response(name=name)
