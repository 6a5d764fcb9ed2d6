"""Every write to a case goes through these functions; nothing else saves a case.

- submission: `case_submit` (citizens, and staff registering on their behalf)
- transitions: `step_take`, the one way a step is taken (the table is
  `cases.workflow`), and `case_transition` (accept, reply, close, reject)
- staff: transfer, send back, dispatch, extensions, supervision, reopen, notes,
  revealing contact details
- consent: `case_sms_stop` (the citizen withdraws SMS consent)
- contact_log: recording searches that found cases by a caller's phone or name
- ledgers: recording ledger exports, writing big ones in the background, deleting
  their files after the retention period
- retention: erasing contacts and photos of cases finished long ago
- 12345 handling (docs/staff.md): dispatch (routing, 分拨, 退单 review, 签收,
  紧急), team (承办人, 协办), waiting (补充材料), merging (并单, 拆分), callback (回访, 重办,
  催办, 通报); the escalation ladder's job is `cases.escalation`
"""

from cases.services.callback import (
    case_callback,
    case_redo,
    case_report,
    case_urge,
)
from cases.services.consent import case_sms_stop
from cases.services.contact_log import contact_search_record, masked_search_term
from cases.services.dispatch import (
    case_dispatch,
    case_mark_urgent,
    case_return_refuse,
    case_route,
    case_send_back,
    case_sign,
)
from cases.services.ledgers import (
    ALL_LEDGERS_NEED_XLSX,
    PruneResult,
    contact_departments_for,
    export_ledger_file,
    export_path,
    ledger_export_start,
    ledger_exports_prune,
    ledger_file_response,
    ledger_heading,
    ledger_sheets,
    ledger_sync_limit,
    write_ledger_file,
)
from cases.services.merging import (
    case_merge,
    case_split,
    case_unmerge,
    merged_cases_follow,
)
from cases.services.retention import RetentionResult, retention_apply
from cases.services.staff import (
    case_add_note,
    case_reopen,
    case_reveal_contact,
    case_supervise,
    case_transfer,
    extension_decide,
    extension_request,
)
from cases.services.submission import (
    CaseSubmission,
    IdempotencyConflict,
    SubmittedCase,
    case_submit,
    reply_days_for,
)
from cases.services.team import (
    case_assign,
    co_handling_answer,
    co_handling_invite,
)
from cases.services.transitions import (
    case_transition,
    record_event,
    require_inputs,
    step_take,
)
from cases.services.waiting import (
    case_resume,
    info_request,
    info_supply,
    info_waits_expire,
)

__all__ = [
    "ALL_LEDGERS_NEED_XLSX",
    "CaseSubmission",
    "IdempotencyConflict",
    "PruneResult",
    "RetentionResult",
    "SubmittedCase",
    "case_add_note",
    "case_assign",
    "case_callback",
    "case_dispatch",
    "case_mark_urgent",
    "case_merge",
    "case_redo",
    "case_reopen",
    "case_report",
    "case_resume",
    "case_return_refuse",
    "case_reveal_contact",
    "case_route",
    "case_send_back",
    "case_sign",
    "case_sms_stop",
    "case_split",
    "case_submit",
    "case_supervise",
    "case_transfer",
    "case_transition",
    "case_unmerge",
    "case_urge",
    "co_handling_answer",
    "co_handling_invite",
    "contact_departments_for",
    "contact_search_record",
    "export_ledger_file",
    "export_path",
    "extension_decide",
    "extension_request",
    "info_request",
    "info_supply",
    "info_waits_expire",
    "ledger_export_start",
    "ledger_exports_prune",
    "ledger_file_response",
    "ledger_heading",
    "ledger_sheets",
    "ledger_sync_limit",
    "masked_search_term",
    "merged_cases_follow",
    "record_event",
    "reply_days_for",
    "require_inputs",
    "retention_apply",
    "step_take",
    "write_ledger_file",
]
