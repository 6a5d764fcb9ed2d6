"""Backends that fail on cue, named by dotted path in the tests' settings."""

import threading
import time

from notifications.backends.base import BaseBackend, DeliveryError, Sent

# What the next calls do, in order: "ok", "retryable", "fatal", or a number of
# seconds to sleep before answering. Empty: "ok".
script: list = []
calls: list = []
_lock = threading.Lock()


class ScriptedBackend(BaseBackend):
    def send(self, outgoing):
        with _lock:
            calls.append(outgoing)
            step = script.pop(0) if script else "ok"
        if step == "retryable":
            raise DeliveryError(
                "isv.BUSINESS_LIMIT_CONTROL 13812345678",
                retryable=True,
                answer={"Code": "isv.BUSINESS_LIMIT_CONTROL"},
            )
        if step == "fatal":
            raise DeliveryError(
                "isv.SMS_TEMPLATE_ILLEGAL",
                retryable=False,
                answer={"Code": "isv.SMS_TEMPLATE_ILLEGAL"},
            )
        if step == "crash":
            raise KeyError("bug")
        if isinstance(step, int | float):
            time.sleep(step)
        return Sent(provider_message_id=f"fake-{outgoing.message_id}", answer={"ok": 1})
