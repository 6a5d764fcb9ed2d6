"""Receivers that keep the sensitive-word automaton in step with its rows.

A receiver rather than a call in a service: the words are edited through the
admin's plain forms, its list_editable switch and bulk delete, none of which go
through a service. The version is bumped at once (this transaction then sees
its own edit) and again on commit, so no other process keeps an automaton built
from the rows as they were before the commit; a rolled-back edit costs one rebuild.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from feedback.models import SensitiveWord
from feedback.selectors import sensitive


@receiver(post_save, sender=SensitiveWord, dispatch_uid="sensitive_words_saved")
@receiver(post_delete, sender=SensitiveWord, dispatch_uid="sensitive_words_deleted")
def sensitive_words_changed(**kwargs):
    sensitive.invalidate()
    transaction.on_commit(sensitive.invalidate)
