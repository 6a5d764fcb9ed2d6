"""The case ledgers' 满意度 column: the citizen's 好差评 of each case.

The ledgers belong to cases, which may not read feedback (it sits above them), so
the site adds the column through `cases.ledger_extensions` when Django
starts. It reads the ratings of a whole selection in one query
(`feedback.selectors.case_satisfaction_labels`).
"""

from cases.ledger_extensions import AddedColumn, add_ledger_column
from feedback import selectors as feedback_selectors


def _satisfaction(cases):
    return feedback_selectors.case_satisfaction_labels(cases=cases)


SATISFACTION = AddedColumn(header="满意度", cells=_satisfaction)


def connect() -> None:
    """Add the site's columns to every case ledger (PortalConfig.ready)."""
    add_ledger_column(SATISFACTION)
