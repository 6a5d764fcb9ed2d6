"""Routes of /api/v1/appointments/ and /api/v1/me/appointments/."""

from django.urls import path

from appointments import views

NUMBER = "<str:number>"

urlpatterns = [
    path("appointments/", views.BookView.as_view(), name="appointments"),
    path(
        "appointments/services/",
        views.ServicesView.as_view(),
        name="appointment-services",
    ),
    path(
        "appointments/windows/", views.WindowsView.as_view(), name="appointment-windows"
    ),
    path("appointments/slots/", views.SlotsView.as_view(), name="appointment-slots"),
    path(
        f"appointments/{NUMBER}/cancel/",
        views.CancelView.as_view(),
        name="appointment-cancel",
    ),
    path(
        f"appointments/{NUMBER}/move/",
        views.MoveView.as_view(),
        name="appointment-move",
    ),
    path(
        f"appointments/{NUMBER}/materials/",
        views.PrecheckView.as_view(),
        name="appointment-materials",
    ),
    path(
        f"appointments/{NUMBER}/evaluation/",
        views.RateView.as_view(),
        name="appointment-evaluation",
    ),
    path("me/appointments/", views.MyListView.as_view(), name="me-appointments"),
    path(
        f"me/appointments/{NUMBER}/",
        views.MyDetailView.as_view(),
        name="me-appointment",
    ),
    path(
        f"me/appointments/{NUMBER}/qr.svg",
        views.QrView.as_view(),
        name="me-appointment-qr",
    ),
    path(
        f"me/appointments/{NUMBER}/calendar.ics",
        views.CalendarView.as_view(),
        name="me-appointment-calendar",
    ),
    path(
        f"me/appointments/{NUMBER}/materials/<int:check_id>/photo",
        views.MaterialPhotoView.as_view(),
        name="me-appointment-photo",
    ),
]
