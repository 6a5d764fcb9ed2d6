"""Input serializers that accept exactly what the API's schema documents.

DRF is lenient in two ways the schema does not say:

* Query strings are read like a submitted HTML form: an optional parameter sent
  empty (`?year=`, `?department=`) counts as not sent, so a value the schema calls
  an integer was accepted as nothing. `QuerySerializer` validates every parameter
  that is present, as sent (the last value when one is repeated), so an empty or
  `null` integer is a 400 naming the parameter.
* JSON values are coerced: `"comment": 0` became the text "0", `"score": "5"` the
  number 5, `"is_anonymous": 1` true. `BodySerializer` refuses a JSON value of a
  type the schema does not give the field. Form bodies (multipart, for photos)
  carry only text by nature, so there the fields parse the text as before.
"""

from collections.abc import Mapping

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kernel.api.serializers import fresh_copies

_TEXT, _INTEGER, _BOOLEAN, _NUMBER, _LIST = (
    (str,),
    (int,),
    (bool,),
    (str, int, float),
    (list,),
)
_TYPE_NAMES = {
    _TEXT: _("文本"),
    _INTEGER: _("整数"),
    _BOOLEAN: _("true 或 false"),
    _NUMBER: _("数字"),
    _LIST: _("列表"),
}


def _json_types(field: serializers.Field) -> tuple[type, ...] | None:
    """The JSON types the schema gives `field` (None: not checked here)."""
    if isinstance(field, serializers.BooleanField):
        return _BOOLEAN
    if isinstance(field, serializers.IntegerField):
        return _INTEGER
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        # Decimals are documented as a string or a number (kernel/api/schema.py).
        return _NUMBER
    if isinstance(field, serializers.ChoiceField):
        kinds = {type(value) for value in field.choices}
        return _INTEGER if kinds == {int} else _TEXT
    if isinstance(field, serializers.CharField):
        return _TEXT
    if isinstance(field, serializers.ListField):
        return _LIST
    return None


def _has_type(value, types: tuple[type, ...]) -> bool:
    # bool is an int in Python, never in JSON.
    return isinstance(value, types) and (bool in types or not isinstance(value, bool))


class _Serializer(serializers.Serializer):
    def get_fields(self):
        # Flat copies where DRF deep-copies (kernel/api/serializers.py).
        return fresh_copies(self._declared_fields)


class BodySerializer(_Serializer):
    """A request body whose JSON values must have the types the schema documents;
    a wrong one is a 400 naming the field and the type expected."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            errors = {}
            for name, field in self.fields.items():
                types = _json_types(field)
                value = data.get(name)
                if name not in data or types is None:
                    continue
                if value is None and field.allow_null:
                    continue
                if not _has_type(value, types):
                    errors[name] = [
                        _("%(field)s应为%(type)s。")
                        % {"field": field.label or name, "type": _TYPE_NAMES[types]}
                    ]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class QuerySerializer(_Serializer):
    """Query parameters, each validated as sent: an empty value is a value."""

    def to_internal_value(self, data):
        if isinstance(data, QueryDict):
            data = {name: data[name] for name in data}
        return super().to_internal_value(data)
