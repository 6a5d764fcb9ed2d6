"""Reading the outbox: a case's messages, and where staff are told."""

from django.db.models import Count, QuerySet

from notifications.models import Channel, Message, StaffContact

__all__ = ["messages_about", "pending_message_counts", "staff_recipients"]


def messages_about(about: str) -> QuerySet[Message]:
    """The messages about `about` ("cases.case:12"), newest first, with only the
    fields a case page shows (never the encrypted recipient or sealed secrets)."""
    return (
        Message.objects.filter(about=about)
        .only(
            "id",
            "event",
            "channel",
            "recipient_masked",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
            "next_attempt_at",
        )
        .order_by("-created_at", "-id")
    )


def staff_recipients(users) -> list[tuple[str, str]]:
    """(channel, clear recipient) for each of `users` who wants to be told: by
    e-mail (the default, to `user.email`) or SMS (their stored phone). Users who
    chose "none", or whose address or phone is missing, are left out."""
    users = list(users)
    contacts = {
        contact.user_id: contact
        for contact in StaffContact.objects.filter(user__in=[u.pk for u in users])
    }
    recipients = []
    for user in users:
        contact = contacts.get(user.pk)
        channel = contact.channel if contact else StaffContact.Via.EMAIL
        if channel == StaffContact.Via.EMAIL and user.email:
            recipients.append(("email", user.email))
        elif channel == StaffContact.Via.SMS and contact.phone:
            recipients.append(("sms", contact.phone))
    return recipients


def pending_message_counts() -> dict[str, int]:
    """The messages waiting to be sent (queued, or failed and to be retried), per
    channel, every channel present (0 when none wait): one query, on the rows of
    the worker's partial index."""
    counts = dict.fromkeys(Channel.values, 0)
    rows = (
        Message.objects.filter(status__in=Message.PENDING)
        .values_list("channel")
        .annotate(waiting=Count("id"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts
