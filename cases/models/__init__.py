"""Models of the cases app, re-exported so that `from cases.models import Case` works."""

from cases.models.case import Case, CaseAttachment, CaseEvent, SubmissionKey
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
    "CaseEvent",
    "ContactAccess",
    "ExtensionRequest",
    "LedgerExport",
    "ReplyTemplate",
    "RetentionRun",
    "SubmissionKey",
]
