"""What other apps read: a case's messages and where staff are told."""

import pytest
from django.db import connection

from notifications import services
from notifications.models import StaffContact
from notifications.selectors import messages_about, staff_recipients
from tests.notifications.helpers import notify_registered

pytestmark = pytest.mark.django_db


def test_messages_about_lists_one_objects_messages_newest_first():
    first = notify_registered(occurrence="1")
    second = notify_registered(
        occurrence="2", channel="wechat", recipient="oAbCdEfGhIjK"
    )
    notify_registered(occurrence="3", about="cases.case:2")

    listed = list(messages_about("cases.case:1"))

    assert [message.pk for message in listed] == [second.pk, first.pk]
    assert listed[1].recipient_masked == "138****5678"
    assert listed[1].get_status_display() == "待发送"


def test_staff_are_told_by_email_unless_they_chose_otherwise(django_user_model):
    by_default = django_user_model.objects.create_user("a", email="a@example.cn")
    by_sms = django_user_model.objects.create_user("b", email="b@example.cn")
    silent = django_user_model.objects.create_user("c", email="c@example.cn")
    no_address = django_user_model.objects.create_user("d")
    services.staff_contact_set(user=by_sms, channel="sms", phone="13900001111")
    services.staff_contact_set(user=silent, channel="none")

    recipients = staff_recipients([by_default, by_sms, silent, no_address])

    assert recipients == [("email", "a@example.cn"), ("sms", "13900001111")]


def test_a_staff_phone_is_stored_encrypted(django_user_model):
    user = django_user_model.objects.create_user("b")
    services.staff_contact_set(user=user, channel="sms", phone="13900001111")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM notifications_staffcontact")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "13900001111" not in row
    assert StaffContact.objects.get().phone_masked == "139****1111"
