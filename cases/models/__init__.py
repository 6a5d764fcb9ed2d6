"""Models of the cases app, re-exported so that `from cases.models import Case` works."""

from cases.models.case import Case, CaseAttachment, CaseEvent, SubmissionKey
from cases.models.handling import CaseCallback, CoHandling, DispatchRule, Escalation
from cases.models.records import (
    ContactAccess,
    ExtensionRequest,
    LedgerExport,
    ReplyTemplate,
)
from cases.models.retention import RetentionRun

__all__ = [
    "Case",
    "CaseAttachment",
    "CaseCallback",
    "CaseEvent",
    "CoHandling",
    "ContactAccess",
    "DispatchRule",
    "Escalation",
    "ExtensionRequest",
    "LedgerExport",
    "ReplyTemplate",
    "RetentionRun",
    "SubmissionKey",
]
