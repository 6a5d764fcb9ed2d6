"""Channel backends, chosen by environment in the style of Django's e-mail backends:
SMS_BACKEND, WECHAT_BACKEND and EMAIL_NOTIFY_BACKEND each name one (see NAMES) or
give a dotted path to a `BaseBackend` subclass."""

from django.conf import settings
from django.utils.module_loading import import_string

from notifications.backends.base import BaseBackend, DeliveryError, Outgoing, Sent

__all__ = ["NAMES", "BaseBackend", "DeliveryError", "Outgoing", "Sent", "get_backend"]

NAMES = {
    "console": "notifications.backends.console.ConsoleBackend",
    "locmem": "notifications.backends.locmem.LocmemBackend",
    "email": "notifications.backends.email.EmailBackend",
    "aliyun": "notifications.backends.aliyun.AliyunSmsBackend",
    "tencent": "notifications.backends.tencent.TencentSmsBackend",
    "wechatpy": "notifications.backends.wechat.WechatSubscribeBackend",
}
_SETTING = {
    "sms": "SMS_BACKEND",
    "wechat": "WECHAT_BACKEND",
    "email": "EMAIL_NOTIFY_BACKEND",
}


def get_backend(channel: str) -> BaseBackend:
    """A new instance of the backend configured for `channel` (it reads its
    settings in `__init__`, so a test's settings override takes effect)."""
    name = getattr(settings, _SETTING[channel])
    backend_class = import_string(NAMES.get(name, name))
    backend = backend_class()
    if not backend.channel:
        backend.channel = channel
    return backend
