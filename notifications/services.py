"""Writing to the outbox: `notify` (the one way to send anything) and the staff
contact settings. Delivery is in notifications.delivery."""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import crypto
from notifications.events import EVENTS
from notifications.models import Channel, Message, MessageTemplate, StaffContact
from notifications.rendering import render, variables_in

logger = logging.getLogger(__name__)
SECRET_MASK = "******"  # noqa: S105 (a mask, not a password)
SKIPPED_DAILY_CAP = "daily cap"
SKIPPED_NO_TEMPLATE = "no active template"

__all__ = ["notify", "staff_contact_set"]


def notify(
    *,
    event: str,
    about: str,
    occurrence: str,
    channel: str,
    recipient: str,
    params: dict[str, str],
    secret_params: tuple[str, ...] = (),
    counts_to_daily_cap: bool = True,
    url: str = "",
    now: datetime | None = None,
) -> Message | None:
    """Write one message to the outbox and deliver it once the caller commits.

    At most one message per (event, occurrence, channel, recipient): a second call
    writes nothing and returns None (a unique constraint decides, so concurrent
    callers agree). Over the recipient's daily cap, or without an active template
    for (event, channel), the row is written with status "skipped" and never sent.
    `params` named in `secret_params` are kept only encrypted and erased once the
    message is sent or given up. A blank recipient writes nothing. The caller has
    decided consent; call it inside the caller's transaction.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    recipient = crypto.normalize_recipient(channel, recipient or "")
    if not recipient:
        return None
    now = now or timezone.now()
    values = {name: str(value) for name, value in params.items()}
    secrets = {name: values.pop(name) for name in secret_params if name in values}
    message = Message(
        event=event,
        about=about,
        occurrence=str(occurrence),
        channel=channel,
        recipient_encrypted=crypto.encrypt(recipient),
        recipient_masked=crypto.mask_recipient(channel, recipient),
        recipient_hash=crypto.recipient_hash(channel, recipient),
        params=values,
        url=url,
        counts_to_cap=counts_to_daily_cap,
        created_at=now,
        next_attempt_at=now,
    )
    template = MessageTemplate.objects.filter(
        event=event, channel=channel, active=True
    ).first()
    if template is None:
        _skip(message, SKIPPED_NO_TEMPLATE)
    else:
        _fill(message, template, values, secrets)
        if counts_to_daily_cap and _over_daily_cap(message, now):
            _skip(message, SKIPPED_DAILY_CAP)
    try:
        # A savepoint: a duplicate must not break the caller's transaction.
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        return None
    if message.status == Message.Status.QUEUED:
        from notifications.tasks import deliver_message

        message_id = message.pk
        transaction.on_commit(lambda: deliver_message.enqueue(message_id))
    return message


def _fill(message, template, values, secrets) -> None:
    """The rendered text, with the secrets masked in `text` and sealed in clear."""
    prefix = template.signature() if message.channel == Channel.SMS else ""
    shown = {**values, **dict.fromkeys(secrets, SECRET_MASK)}
    message.text = prefix + render(template.text, shown)
    message.subject = render(template.subject, shown)
    message.template_code = template.provider_template_code
    # Providers take exactly the template's variables, in its order (Tencent takes
    # a list and refuses one of another length); a secret keeps its place, masked,
    # and comes back from the sealed copy at delivery.
    message.params = {
        name: shown[name]
        for name in dict.fromkeys(variables_in(template.text))
        if name in shown
    }
    if secrets:
        message.sealed = crypto.encrypt_json(
            {
                "params": secrets,
                "text": prefix + render(template.text, {**values, **secrets}),
                "subject": render(template.subject, {**values, **secrets}),
            }
        )


def _skip(message, reason: str) -> None:
    message.status = Message.Status.SKIPPED
    message.last_error = reason
    message.next_attempt_at = None
    message.sealed = ""


def _over_daily_cap(message, now) -> bool:
    """Whether the recipient already had NOTIFY_MAX_PER_DAY messages today
    (Asia/Shanghai). Two concurrent calls may both pass at the edge: the cap is a
    courtesy limit, not a guarantee worth a lock."""
    day = timezone.localtime(now).date()
    start = timezone.make_aware(datetime.combine(day, time.min))
    sent_today = (
        Message.objects.filter(
            recipient_hash=message.recipient_hash,
            counts_to_cap=True,
            created_at__gte=start,
            created_at__lt=start + timedelta(days=1),
        )
        .exclude(status=Message.Status.SKIPPED)
        .count()
    )
    return sent_today >= settings.NOTIFY_MAX_PER_DAY


def staff_contact_set(*, user, channel: str, phone: str = "") -> StaffContact:
    """Record how `user` is told of new cases and the digest."""
    if channel not in StaffContact.Via.values:
        raise ValueError(f"unknown channel {channel!r}")
    contact, _ = StaffContact.objects.get_or_create(user=user)
    contact.channel = channel
    contact.phone = phone
    contact.save()
    return contact
