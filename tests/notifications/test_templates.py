"""Templates: the seeded defaults, rendering, refusing unknown variables, and the
SMS segment count."""

import pytest
from django.core.exceptions import ValidationError

from notifications.events import EVENTS
from notifications.models import MessageTemplate
from notifications.rendering import render, sms_segments, validate_template_text


@pytest.mark.django_db
def test_every_event_has_a_seeded_chinese_template_on_each_of_its_channels():
    for key, event in EVENTS.items():
        for channel in event.channels:
            template = MessageTemplate.objects.get(event=key, channel=channel)
            template.full_clean()
            assert template.active
            assert "您" in template.text or "请" in template.text


@pytest.mark.django_db
def test_the_seeded_citizen_sms_fit_in_one_message_with_the_samples():
    for template in MessageTemplate.objects.filter(channel="sms"):
        if template.event.startswith("staff."):
            continue
        text = template.signature() + render(
            template.text, EVENTS[template.event].variables
        )
        assert sms_segments(text) == 1, (template.event, len(text))


def test_rendering_inserts_values_literally():
    assert render("编号{number}，{missing}。", {"number": "{x}A1"}) == "编号{x}A1，。"


def test_an_unknown_variable_is_refused_by_name_in_chinese():
    with pytest.raises(ValidationError) as caught:
        validate_template_text(event="case.accepted", text="{number}已由{dept}受理")

    message = caught.value.messages[0]
    assert "未知变量" in message and "{dept}" in message
    assert "{department}" in message  # and it says which ones are allowed


def test_the_events_own_variables_are_accepted():
    validate_template_text(event="case.accepted", text="{number}已由{department}受理")


@pytest.mark.parametrize(
    ("length", "segments"),
    [(0, 0), (1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_sms_count_as_one_up_to_70_characters_then_67_each(length, segments):
    assert sms_segments("字" * length) == segments


@pytest.mark.django_db
def test_the_signature_comes_from_settings_unless_the_template_has_its_own(settings):
    settings.SMS_SIGN_NAME = "济南市民热线"
    template = MessageTemplate(event="case.closed", channel="sms", text="{number}")

    assert template.signature() == "【济南市民热线】"
    template.sign_name = "【微政务】"
    assert template.signature() == "【微政务】"


@pytest.mark.django_db(transaction=True)
def test_the_default_templates_come_back_after_a_flush():
    # Every transactional test ends in a flush; without the templates a later
    # notify() in the same process quietly skipped every message.
    from django.core.management import call_command

    from notifications.models import MessageTemplate

    seeded = MessageTemplate.objects.count()
    call_command("flush", interactive=False, verbosity=0)

    assert seeded > 0
    assert MessageTemplate.objects.count() == seeded
