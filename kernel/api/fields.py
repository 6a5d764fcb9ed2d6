"""Serializer fields every API app shares."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Ids are BigAutoField: 64-bit on PostgreSQL and SQLite alike. A larger number is
# no row's id, and SQLite's driver cannot even bind it (OverflowError, a 500).
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """An object id sent by a client: 1 … 2^63−1, so any other number is a 400
    naming the field, never an overflow in the database driver."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


# Every list's search box: the one search service (kernel.search) reads at most
# five words, so a longer query only costs the database more.
SEARCH_MAX_LENGTH = 50


class SearchField(serializers.CharField):
    """A list's optional `search` parameter; `help_text` says what it matches."""

    def __init__(self, *, help_text, **kwargs):
        super().__init__(
            required=False,
            allow_blank=True,
            max_length=SEARCH_MAX_LENGTH,
            label=_("关键词"),
            help_text=help_text,
            **kwargs,
        )
