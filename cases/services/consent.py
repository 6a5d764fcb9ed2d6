"""The citizen's SMS consent (PIPL): withdrawn from the look-up page with the
number and query code (`cases.views.CaseSmsStopView`), or by a citizen signed in
with their phone (citizens/). Messages already delivered stay in the outbox."""

from django.db import transaction

from cases.models import Case


def case_sms_stop(*, case: Case) -> Case:
    """Stop every further SMS about `case`; stopping twice changes nothing."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.sms_consent:
            locked.sms_consent = False
            locked.save(update_fields=["sms_consent", "updated_at"])
    return locked
