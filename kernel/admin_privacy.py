"""Admin lists never filter or sort on personal fields.

A model names its personal fields in `personal_fields` (contact names and phones,
addresses, coordinates, digests of query codes and devices). The back office masks
them or shows them only on purpose, and records it; a list that accepted
`?contact_phone__startswith=138` would answer "some rows" or "none" and so rebuild a
masked number digit by digit, with nothing recorded. Django's own
`lookup_allowed` lets any lookup on a model's own fields through, so
`PersonalFieldsAdmin` (part of `DepartmentScopedAdmin` and `ReadOnlyRecordAdmin`;
tests/portal/test_admin_personal_lookups.py checks every registered list):

- refuses a query-string lookup whose path touches a personal field, on the model
  or through relations, whatever the lookup (exact too: it confirms a guess). The
  list raises `PersonalLookupRefused`, a DisallowedModelAdminLookup, so Django
  answers 400 and `portal.errors` says in Chinese which field it was;
- does not sort by a personal field, from a column header or from `?o=`: the order
  of the rows would leak the values as surely as a filter.

The search box is not affected: the case list's exact `=contact_phone` and
`=contact_name` are how staff find a caller's cases, and each match is recorded
(cases/admin/records.py).
"""

from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP


def personal_fields_of(model) -> frozenset[str]:
    """The names a model (or the model it inherits them from) declares personal."""
    return frozenset(getattr(model, "personal_fields", ()))


def personal_field(model, path: str):
    """The personal model field that a lookup path such as
    `case__contact_phone__startswith` reaches, or None."""
    for part in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None  # a lookup or transform name: the path ends here
        if field.name in personal_fields_of(model):
            return field
        if not field.is_relation or field.related_model is None:
            return None
        model = field.related_model
    return None


def is_personal_path(model, path: str) -> bool:
    return personal_field(model, path) is not None


class PersonalLookupRefused(DisallowedModelAdminLookup):
    """A list was asked to filter by a personal field; `label` names it."""

    def __init__(self, lookup: str, field):
        # Logged by Django's security logger: the lookup, never its value.
        super().__init__(f"Filtering by personal field {lookup} not allowed")
        self.label = str(getattr(field, "verbose_name", "") or field.name)


class PersonalFieldsChangeList(ChangeList):
    def get_filters(self, request):
        for lookup in self.get_filters_params():
            field = personal_field(self.model, lookup)
            if field is not None:
                raise PersonalLookupRefused(lookup, field)
        return super().get_filters(request)

    def get_ordering_field(self, field_name):
        order_field = super().get_ordering_field(field_name)
        if isinstance(order_field, str) and is_personal_path(
            self.model, order_field.removeprefix("-")
        ):
            return None
        return order_field


class PersonalFieldsAdmin:
    """Mix in before `admin.ModelAdmin`."""

    def lookup_allowed(self, lookup, value, request):
        if is_personal_path(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_changelist(self, request, **kwargs):
        return PersonalFieldsChangeList

    def get_sortable_by(self, request):
        return [
            column
            for column in super().get_sortable_by(request)
            if not self._sorts_by_personal_field(column)
        ]

    def _sorts_by_personal_field(self, column) -> bool:
        if isinstance(column, str):
            if is_personal_path(self.model, column):
                return True
            column = getattr(self, column, None) or getattr(self.model, column, None)
        order_field = getattr(column, "admin_order_field", None)
        return isinstance(order_field, str) and is_personal_path(
            self.model, order_field.removeprefix("-")
        )
