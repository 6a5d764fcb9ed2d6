"""The back office for cases: handling (case_admin), and the records around them."""

from cases.admin.case_admin import CaseAdmin
from cases.admin.dispatch_rules import DispatchRuleAdmin
from cases.admin.escalations import EscalationAdmin
from cases.admin.ledger_admin import LedgerExportAdmin
from cases.admin.records import ContactAccessAdmin, ReplyTemplateAdmin
from cases.admin.retention_admin import RetentionRunAdmin

__all__ = [
    "CaseAdmin",
    "ContactAccessAdmin",
    "DispatchRuleAdmin",
    "EscalationAdmin",
    "LedgerExportAdmin",
    "ReplyTemplateAdmin",
    "RetentionRunAdmin",
]
