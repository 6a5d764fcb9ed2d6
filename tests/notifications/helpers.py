"""Shared helpers for the notifications tests."""

from notifications import services
from notifications.models import Message

PHONE = "13812345678"


def notify_registered(*, occurrence="1", recipient=PHONE, channel="sms", **overrides):
    """A "case registered" SMS with its query code secret, as cases sends it."""
    fields = {
        "event": "case.registered",
        "about": "cases.case:1",
        "occurrence": occurrence,
        "channel": channel,
        "recipient": recipient,
        "params": {"number": "ZX20260101-0001", "query_code": "QC7Y3K9M"},
        "secret_params": ("query_code",),
    }
    fields.update(overrides)
    return services.notify(**fields)


def fresh(message) -> Message:
    return Message.objects.get(pk=message.pk)
