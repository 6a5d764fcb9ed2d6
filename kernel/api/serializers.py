"""The ModelSerializer every API app derives from.

DRF's ModelSerializer works its fields out of the model's meta for every
instance it makes: each field's class, its keyword arguments, its label through
gettext. A case look-up makes three (the case, its timeline's events, its
photos), and that was a quarter of the look-up's time at 1,000,000 cases
(bench/read_paths.py). What it works out depends on the class alone (its Meta
and declared fields), so it is worked out once per class; each instance gets a
deep copy, as DRF gives each instance a deep copy of its declared fields.

A subclass whose fields depend on the request or the instance overrides
`get_fields` itself (as portal/dashboard/api.py does) and is not kept.

The copies themselves are made by `fresh_copies`, for the input serializers
(kernel/api/inputs.py) too: DRF's deep copy builds every field anew from its
arguments (a CharField's validators, a ChoiceField's choices), an eighth of a
submission's time (bench/submit_load.py --cpu). A field without fields of its
own is copied flat instead, which is what an unbound field needs: `bind` sets
what makes a copy its instance's (name, parent, source), the rest is read
only. A field holding fields (a nested serializer, a list's child, a related
list) is deep-copied as DRF does, since its children are bound to it.
"""

import copy

from rest_framework import relations, serializers

__all__ = ["ModelSerializer", "fresh_copies"]

# Fields that hold bound fields of their own.
_HOLDERS = (
    serializers.BaseSerializer,
    serializers.ListField,
    serializers.DictField,
    relations.ManyRelatedField,
)


def fresh_copies(fields: dict) -> dict:
    """Unbound copies of these unbound fields, each one's own to bind."""
    return {name: _fresh(field) for name, field in fields.items()}


def _fresh(field: serializers.Field) -> serializers.Field:
    if isinstance(field, _HOLDERS) or field.parent is not None:
        return copy.deepcopy(field)  # or already bound: never shared
    fresh = copy.copy(field)
    fresh.error_messages = dict(field.error_messages)
    if "_validators" in field.__dict__:
        fresh._validators = list(field._validators)
    return fresh


class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        cls = type(self)
        # The class's own attribute: a subclass has fields of its own.
        built = cls.__dict__.get("_fields_built")
        if built is None:
            built = super().get_fields()
            cls._fields_built = built
        return fresh_copies(built)
