"""The booking as an iCalendar file (RFC 5545) for the phone's calendar, made with
the `icalendar` package: one VEVENT in Asia/Shanghai with a reminder an hour
before, and a UID that stays the booking's, so a moved booking re-imported
replaces the old entry."""

from datetime import timedelta

from django.conf import settings
from icalendar import Alarm, Calendar, Event

from appointments import notices
from appointments.models import Appointment
from kernel.workdays import SHANGHAI


def appointment_ics(appointment: Appointment) -> bytes:
    window = appointment.window
    department = window.department
    calendar = Calendar()
    calendar.add("prodid", "-//微政务//预约办事//ZH")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{appointment.number}@weizhengwu")
    event.add("dtstamp", appointment.updated_at)
    event.add("dtstart", appointment.starts_at.astimezone(SHANGHAI))
    event.add("dtend", appointment.ends_at.astimezone(SHANGHAI))
    event.add(
        "summary", f"{appointment.service_type.name}（预约号 {appointment.number}）"
    )
    event.add(
        "location",
        " ".join(
            p
            for p in (department.name, department.address, window.name, window.location)
            if p
        ),
    )
    materials = "\n".join(f"- {m}" for m in appointment.service_type.materials_list)
    event.add(
        "description",
        f"预约号：{appointment.number}\n请携带：\n{materials}\n{notices.page_url(appointment)}"
        if materials
        else f"预约号：{appointment.number}\n{notices.page_url(appointment)}",
    )
    if settings.PORTAL_PUBLIC_URL:
        event.add("url", notices.page_url(appointment))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{appointment.service_type.name} 预约提醒")
    alarm.add("trigger", timedelta(hours=-1))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
