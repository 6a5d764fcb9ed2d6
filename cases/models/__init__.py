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
from cases.models.rollups import (
    CaseAnswerDayCount,
    CaseAnswerMonthCount,
    CaseDayCount,
    CaseMonthCount,
    CaseSendBackCount,
    WorkdayNumber,
)

__all__ = [
    "Case",
    "CaseAnswerDayCount",
    "CaseAnswerMonthCount",
    "CaseAttachment",
    "CaseCallback",
    "CaseDayCount",
    "CaseEvent",
    "CaseMonthCount",
    "CaseSendBackCount",
    "CoHandling",
    "ContactAccess",
    "DispatchRule",
    "Escalation",
    "ExtensionRequest",
    "LedgerExport",
    "ReplyTemplate",
    "RetentionRun",
    "SubmissionKey",
    "WorkdayNumber",
]
