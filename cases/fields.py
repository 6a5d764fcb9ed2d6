"""Serializer fields of the citizens' cases API."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.validators import PHONE_PATTERN, normalise_phone, validate_phone


class PhoneField(serializers.CharField):
    # The schema gives the written-out forms; spaces, brackets and a +86 prefix,
    # which people type, are accepted too (normalise_phone).
    schema_pattern = f"^$|{PHONE_PATTERN}"

    def to_internal_value(self, data):
        phone = normalise_phone(super().to_internal_value(data))
        if phone:
            validate_phone(phone)
        return phone


class PhotoListField(serializers.ListField):
    """Photo errors as a flat list of Chinese messages, each naming its photo, like
    the service's own photo errors, instead of DRF's `{index: [...]}` mapping."""

    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as error:
            messages = []
            for index, detail in error.detail.items():
                name = (getattr(data[index], "name", "") or "")[:60] or _(
                    "第 %(n)d 张图片"
                ) % {"n": index + 1}
                messages += [f"{name}：{message}" for message in detail]
            raise serializers.ValidationError(messages) from error


class CoordinateField(serializers.DecimalField):
    """Degrees, rounded to the stored 6 decimal places (about 0.1 m): phones report
    coordinates with 12 or more, which the citizen can neither see nor change.
    `pattern` is the range as the schema states it for text (kernel/api/schema.py).
    """

    def __init__(self, *, pattern: str, **kwargs):
        self.schema_pattern = pattern
        super().__init__(max_digits=9, decimal_places=6, **kwargs)

    def validate_precision(self, value):
        try:
            value = value.quantize(
                Decimal(1).scaleb(-self.decimal_places), rounding=ROUND_HALF_UP
            )
        except InvalidOperation:
            self.fail("max_digits", max_digits=self.max_digits)
        return super().validate_precision(value)


# Degrees with any number of decimals (rounded to 6), -90..90 and -180..180; or
# "", which a form sends for "no location" and the field reads as none (the
# schema said otherwise until the fuzzer sent one).
LATITUDE_PATTERN = r"^$|^-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)$"
LONGITUDE_PATTERN = r"^$|^-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)$"
