"""The one writer of `FeedbackEvent`: every state change of a rating, a
rectification or an appeal calls it inside the change's own transaction, so
the change and its event are stored together or not at all."""

from datetime import datetime

from feedback.models import Appeal, CaseEvaluation, FeedbackEvent, Rectification

Subject = CaseEvaluation | Rectification | Appeal
_SUBJECT_FIELD = {
    CaseEvaluation: "evaluation",
    Rectification: "rectification",
    Appeal: "appeal",
}


def record_feedback_event(
    *, subject: Subject, kind: str, actor, now: datetime, note: str = ""
) -> FeedbackEvent:
    """Append one event to the history of `subject`. `actor` is the staff user,
    or None for the citizen or the system. `note` is composed by the caller and
    never carries what people typed (see feedback/models/events.py)."""
    return FeedbackEvent.objects.create(
        **{_SUBJECT_FIELD[type(subject)]: subject},
        kind=kind,
        actor=actor,
        note=note,
        created_at=now,
    )
