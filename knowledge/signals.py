"""The known words change with the synonyms and the entries' keywords: every
process reloads them (knowledge/terms.py), at once and again on commit, so none
keeps a table read before the change committed."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from knowledge import terms
from knowledge.models import Entry, Synonym


@receiver([post_save, post_delete], sender=Synonym)
@receiver([post_save, post_delete], sender=Entry)
def _terms_changed(**kwargs):
    terms.invalidate()
    transaction.on_commit(terms.invalidate)
