"""The case ledgers as django-import-export resources (export only).

The columns come from `cases.ledger.LEDGERS`, the one definition the fast writer
uses too, so both always agree. These resources serve import-export's own export
path (one object at a time); the portal's admin export and `export_ledger` use
`cases.ledger.ledger_rows`, which reads the same columns in three queries.

The values stay as typed: write a file from them only through
`kernel.spreadsheets.SafeCSV` / `SafeXLSX` (or `cases.ledger.csv_chunks`), which
keep a citizen's "=..." from running as a formula.
"""

from django.utils import timezone
from import_export import fields, resources

from cases.ledger import LEDGERS, VALUES, RowContext, event_records
from cases.models import Case
from feedback import selectors as feedback_selectors


def _row(case: Case) -> tuple:
    """The values_list() row of one case, read from the instance."""
    related = {
        "pk": case.pk,
        "department__name": case.department.name,
        "service_type__name": case.service_type.name if case.service_type else None,
    }
    return tuple(
        related[name] if name in related else getattr(case, name) for name in VALUES
    )


class _LedgerResource(resources.ModelResource):
    ledger_kind: str

    def __init__(self, *, contact_departments=None, **kwargs):
        super().__init__(**kwargs)
        self.contact_departments = contact_departments

    def get_queryset(self):
        return Case.objects.filter(kind=self.ledger_kind)

    def _context(self, case: Case) -> tuple[tuple, RowContext]:
        # Computed once per case, not once per column.
        if getattr(self, "_context_for", None) != case.pk:
            self._context_for = case.pk
            events = event_records(Case.objects.filter(pk=case.pk))
            self._cached = (
                _row(case),
                RowContext(
                    now=timezone.now(),
                    routing=events.routing,
                    contact_departments=self.contact_departments,
                    satisfaction=feedback_selectors.case_satisfaction_labels(
                        cases=Case.objects.filter(pk=case.pk)
                    ),
                    handlers=events.handlers,
                ),
            )
        return self._cached


def _ledger_resource(kind: str, class_name: str) -> type[_LedgerResource]:
    columns = LEDGERS[kind]
    declared = {
        f"column_{index}": fields.Field(column_name=column.header)
        for index, column in enumerate(columns)
    }
    resource = type(
        class_name,
        (_LedgerResource,),
        {
            **declared,
            "ledger_kind": kind,
            "__module__": __name__,
            "Meta": type(
                "Meta",
                (),
                {
                    "model": Case,
                    "fields": tuple(declared),
                    "export_order": tuple(declared),
                },
            ),
        },
    )

    def export_field(self, field, instance, **kwargs):
        index = int(self.get_field_name(field).removeprefix("column_"))
        return columns[index].value(*self._context(instance))

    resource.export_field = export_field
    return resource


ComplaintLedgerResource = _ledger_resource(
    Case.Kind.COMPLAINT, "ComplaintLedgerResource"
)
ConsultationLedgerResource = _ledger_resource(
    Case.Kind.CONSULTATION, "ConsultationLedgerResource"
)
SuggestionLedgerResource = _ledger_resource(
    Case.Kind.SUGGESTION, "SuggestionLedgerResource"
)
LEDGER_RESOURCES = {
    Case.Kind.COMPLAINT: ComplaintLedgerResource,
    Case.Kind.CONSULTATION: ConsultationLedgerResource,
    Case.Kind.SUGGESTION: SuggestionLedgerResource,
}
