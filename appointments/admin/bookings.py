"""The bookings in the back office: the list and page with their steps (到场, 未到,
已办结, 预检), today's printable list of a window, check-in by number or QR, and
现场登记 for a citizen at the counter. Every step calls a service; a booking
outside the user's departments is a 404 like a missing one."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appointments import files, selectors, services
from appointments.admin.forms import (
    CheckInForm,
    EmptyForm,
    NoteForm,
    PrecheckForm,
    WalkInForm,
)
from appointments.models import Appointment, AppointmentEvent
from appointments.notices import slot_text
from departments import policy
from departments.admin_scope import DepartmentScopedAdmin
from kernel.admin_steps import BulkAction, Step, StepsAdminMixin, refusal
from kernel.privacy import mask_name, mask_phone

Status = Appointment.Status


def _may(user, appointment) -> bool:
    return policy.may_act_for(user, appointment.department_id)


STEPS = [
    Step(
        "check_in",
        gettext_lazy("到场签到"),
        EmptyForm,
        lambda a, user: a.status == Status.BOOKED and _may(user, a),
        lambda a, user, data: services.appointment_check_in(appointment=a, user=user),
        style="default",
        bulk=BulkAction(gettext_lazy("所选预约到场签到"), asks_form=False),
    ),
    Step(
        "done",
        gettext_lazy("已办结"),
        NoteForm,
        lambda a, user: a.status == Status.ARRIVED and _may(user, a),
        lambda a, user, data: services.appointment_done(
            appointment=a, user=user, note=data["note"]
        ),
        bulk=BulkAction(gettext_lazy("所选预约已办结"), asks_form=False),
    ),
    Step(
        "no_show",
        gettext_lazy("未到"),
        EmptyForm,
        lambda a, user: (
            a.status == Status.BOOKED
            and a.starts_at <= timezone.now()
            and _may(user, a)
        ),
        lambda a, user, data: services.appointment_no_show(appointment=a, user=user),
        bulk=BulkAction(gettext_lazy("所选预约登记未到"), asks_form=False),
    ),
    Step(
        "precheck",
        gettext_lazy("预检材料"),
        PrecheckForm,
        lambda a, user: a.materials.exists() and a.is_active and _may(user, a),
        lambda a, user, data: services.precheck_review(
            appointment=a, user=user, verdicts=data["verdicts"]
        ),
        form_kwargs=lambda a: {"checks": a.materials.all()},
        done_message=lambda changed: (
            _("已保存预检结果（%(n)d 项），已通知市民。") % {"n": changed}
        ),
    ),
]


class EventInline(admin.TabularInline):
    model = AppointmentEvent
    fields = ["created_at", "action", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("办理记录")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(StepsAdminMixin, DepartmentScopedAdmin, admin.ModelAdmin):
    list_display = [
        "number",
        "slot",
        "service_type",
        "window",
        "citizen_masked",
        "status",
        "channel",
    ]
    list_filter = [("window", admin.RelatedOnlyFieldListFilter), "status", "channel"]
    list_select_related = ["service_type", "window"]
    date_hierarchy = "day"
    search_fields = ["=number"]
    search_help_text = gettext_lazy("按预约号查找")
    ordering = ["-day", "starts_at", "number"]
    change_list_template = "admin/appointments/appointment/change_list.html"
    inlines = [EventInline]
    steps = STEPS
    fields = [
        "number",
        "status",
        "channel",
        "service_type",
        "window",
        "slot",
        "citizen",
        "materials_shown",
        "rating_shown",
        "cancel_reason",
        "created_at",
        "checked_in_at",
        "done_at",
    ]

    def has_add_permission(self, request):
        return False  # walk-ins through 现场登记, which finds the slot

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "citizen_masked"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("service_type", "window", "rating")
        )

    # Columns -------------------------------------------------------------------

    @admin.display(description=gettext_lazy("时段"), ordering="starts_at")
    def slot(self, obj):
        return slot_text(obj)

    @admin.display(description=gettext_lazy("市民"))
    def citizen_masked(self, obj):
        return f"{mask_name(obj.name)} {mask_phone(obj.phone)}".strip() or "—"

    @admin.display(description=gettext_lazy("市民"))
    def citizen(self, obj):
        return f"{obj.name} {obj.phone}".strip() or "—"

    def get_fields(self, request, obj=None):
        # The citizen in full to the window's own staff, who serve them; masked
        # to supervisors, who read the bookings but do not call.
        shown = obj is not None and policy.is_staff_of(request.user, obj.department_id)
        return [
            field if field != "citizen" or shown else "citizen_masked"
            for field in self.fields
        ]

    @admin.display(description=gettext_lazy("预检材料"))
    def materials_shown(self, obj):
        checks = list(obj.materials.all())
        if not checks:
            return _("（市民未上传）")
        return format_html_join(
            "",
            '<p><a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" '
            'width="96"></a> {}：{} {}</p>',
            (
                (
                    self._photo_url(obj, check, "full"),
                    self._photo_url(obj, check, "thumb"),
                    check.material,
                    check.material,
                    check.get_result_display(),
                    check.note,
                )
                for check in checks
            ),
        )

    @admin.display(description=gettext_lazy("办事评价"))
    def rating_shown(self, obj):
        rating = getattr(obj, "rating", None)
        if rating is None:
            return "—"
        return format_html("{}　{}", rating.get_level_display(), rating.comment)

    def _photo_url(self, obj, check, size):
        url = reverse("admin:appointments_appointment_photo", args=[obj.pk, check.pk])
        return f"{url}?size={size}"

    # Pages ---------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "today/", view(self.today_view), name="appointments_appointment_today"
            ),
            path(
                "check-in/",
                view(self.check_in_view),
                name="appointments_appointment_check_in",
            ),
            path(
                "walk-in/",
                view(self.walk_in_view),
                name="appointments_appointment_walk_in",
            ),
            path(
                "<int:pk>/materials/<int:check_id>/photo",
                view(self.photo_view),
                name="appointments_appointment_photo",
            ),
            *super().get_urls(),
        ]

    def _windows(self, request):
        scope = self.scope(request)
        return scope.filter(selectors.windows_with_schedules(), field="department")

    def today_view(self, request):
        """今日预约 of one window, in slot order, printable."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        windows = list(self._windows(request))
        chosen = next(
            (w for w in windows if str(w.pk) == request.GET.get("window")),
            windows[0] if windows else None,
        )
        day = selectors.today()
        bookings = (
            list(
                self.get_queryset(request)
                .filter(window=chosen, day=day)
                .order_by("starts_at", "number")
            )
            if chosen
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("今日预约"),
            "windows": windows,
            "chosen": chosen,
            "day": day,
            "rows": [
                {
                    "booking": b,
                    "slot": slot_text(b),
                    "citizen": self.citizen_for(request, b),
                }
                for b in bookings
            ],
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/appointments/today.html", context)

    def citizen_for(self, request, booking):
        if policy.is_staff_of(request.user, booking.department_id):
            return f"{booking.name} {mask_phone(booking.phone)}".strip()
        return self.citizen_masked(booking)

    def check_in_view(self, request):
        """签到: the number typed or scanned; the booking's page afterwards."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = CheckInForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            booking = (
                self.get_queryset(request)
                .filter(number=form.cleaned_data["number"])
                .first()
            )
            if booking is None:
                form.add_error("number", _("未找到该预约号（或不属于本部门的窗口）。"))
            else:
                try:
                    services.appointment_check_in(
                        appointment=booking, user=request.user
                    )
                except (ValidationError, PermissionDenied) as error:
                    form.add_error("number", refusal(error))
                else:
                    messages.success(
                        request,
                        _("%(number)s 已签到：%(service)s，%(slot)s。")
                        % {
                            "number": booking.number,
                            "service": booking.service_type.name,
                            "slot": slot_text(booking),
                        },
                    )
                    return HttpResponseRedirect(
                        reverse("admin:appointments_appointment_check_in")
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("预约签到"),
            "form": form,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/appointments/check_in.html", context)

    def walk_in_view(self, request):
        """现场登记: the next free slot of today at the window."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        windows = self._windows(request)
        form = WalkInForm(
            request.POST or None,
            windows=windows,
            service_types=selectors.bookable_service_types().filter(
                window__department_id__in=windows.values("department_id")
            ),
        )
        if request.method == "POST" and form.is_valid():
            booking = self._walk_in(request, form)
            if booking is not None:
                messages.success(
                    request,
                    _("已登记 %(number)s：%(slot)s。")
                    % {"number": booking.number, "slot": slot_text(booking)},
                )
                return HttpResponseRedirect(
                    reverse("admin:appointments_appointment_change", args=[booking.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("现场登记"),
            "form": form,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/appointments/walk_in.html", context)

    def _walk_in(self, request, form):
        data = form.cleaned_data
        schedule = selectors.schedule_for(data["service_type"], data["window"].pk)
        if schedule is None:
            form.add_error("service_type", _("该服务不能在此窗口预约。"))
            return None
        now = timezone.now()
        free = [
            slot
            for slot in selectors.slots_with_seats(
                schedule=schedule, day=selectors.today(now), now=now, walk_in=True
            )
            if not slot.full
        ]
        if not free:
            form.add_error(None, _("今天该窗口已没有空余名额。"))
            return None
        try:
            return services.appointment_book(
                request=services.BookingRequest(
                    service_type_id=data["service_type"].pk,
                    window_id=data["window"].pk,
                    starts_at=free[0].starts_at,
                    phone=data["phone"].strip(),
                    name=data["name"],
                    walk_in=True,
                ),
                actor=request.user,
                now=now,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, refusal(error))
            return None

    def photo_view(self, request, pk, check_id):
        """A pre-check photo, to the staff of the booking's department."""
        booking = get_object_or_404(self.get_queryset(request), pk=pk)
        check = get_object_or_404(booking.materials, pk=check_id)
        name = check.image if request.GET.get("size") == "full" else check.thumbnail
        if not files.is_private(name):
            raise Http404
        return files.photo_response(name=name)
