"""Keeps each message in the module-level list `outbox`, as Django's locmem e-mail
backend keeps `django.core.mail.outbox`: the backend of the tests."""

from notifications.backends.base import BaseBackend, Outgoing, Sent

outbox: list[Outgoing] = []


class LocmemBackend(BaseBackend):
    def send(self, outgoing: Outgoing) -> Sent:
        outbox.append(outgoing)
        return Sent(
            provider_message_id=f"locmem-{outgoing.message_id}",
            answer={"backend": "locmem"},
        )
