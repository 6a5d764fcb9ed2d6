"""E-mail through Django's mailers (the configured EMAIL_BACKEND / MAILERS): staff
mostly. The recipient is the address."""

from smtplib import SMTPRecipientsRefused, SMTPSenderRefused

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from notifications.backends.base import BaseBackend, DeliveryError, Outgoing, Sent


class EmailBackend(BaseBackend):
    channel = "email"

    def __init__(self):
        self.from_email = settings.DEFAULT_FROM_EMAIL

    def send(self, outgoing: Outgoing) -> Sent:
        body = outgoing.text
        if outgoing.url:
            body = f"{body}\n\n{outgoing.url}"
        try:
            send_mail(
                subject=outgoing.subject or _("微政务通知"),
                message=body,
                from_email=self.from_email,
                recipient_list=[outgoing.recipient],
            )
        except (SMTPRecipientsRefused, SMTPSenderRefused) as exc:
            # The server refused the address: a retry gets the same answer.
            raise DeliveryError(type(exc).__name__, retryable=False) from exc
        except OSError as exc:  # connection refused, timeouts, other SMTP errors
            raise DeliveryError(type(exc).__name__, retryable=True) from exc
        return Sent(answer={"backend": "email"})
