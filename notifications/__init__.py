"""Messages to citizens and staff: one outbox, delivered by the tasks worker through
a backend per channel (SMS, WeChat, e-mail) chosen by environment (docs/notifications.md)."""
