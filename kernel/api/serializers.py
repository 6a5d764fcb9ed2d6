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
"""

import copy

from rest_framework import serializers

__all__ = ["ModelSerializer"]


class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        cls = type(self)
        # The class's own attribute: a subclass has fields of its own.
        built = cls.__dict__.get("_fields_built")
        if built is None:
            built = super().get_fields()
            cls._fields_built = built
        return copy.deepcopy(built)
