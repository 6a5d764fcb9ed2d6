"""Prints each message to standard output with the recipient masked: the default
of `make run`, so a demo shows its messages with no provider account."""

import sys

from notifications.backends.base import BaseBackend, Outgoing, Sent
from notifications.crypto import mask_recipient


class ConsoleBackend(BaseBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, outgoing: Outgoing) -> Sent:
        channel = outgoing.channel or self.channel
        masked = mask_recipient(channel, outgoing.recipient)
        lines = [f"[{channel}] #{outgoing.message_id} → {masked}"]
        if outgoing.subject:
            lines.append(outgoing.subject)
        lines.append(outgoing.text)
        if outgoing.url:
            lines.append(outgoing.url)
        self.stream.write("\n".join(lines) + "\n" + "-" * 40 + "\n")
        self.stream.flush()
        return Sent(provider_message_id=f"console-{outgoing.message_id}")
