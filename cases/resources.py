"""The case ledgers as django-import-export resources (export only).

The columns come from `cases.ledger.ledger_columns`, the one definition the fast
writer uses too, so both always agree: the case's own (`LEDGERS`), declared below,
then those added by the apps above (added to each resource when it is made). These resources serve import-export's own export
path (one object at a time); the portal's admin export and `export_ledger` use
`cases.ledger.ledger_rows`, which reads the same columns in a few queries.

The values stay as typed: write a file from them only through
`kernel.spreadsheets.SafeCSV` / `SafeXLSX` (or `cases.ledger.csv_chunks`), which
keep a citizen's "=..." from running as a formula.
"""

from django.utils import timezone
from import_export import fields, resources

from cases import ledger
from cases.ledger import VALUES, RowContext, event_records
from cases.models import Case


def _row(case: Case) -> tuple:
    """The values_list() row of one case, read from the instance."""
    assignee = case.assignee
    callback = case.callbacks.order_by("-round", "-called_at", "-id").first()
    related = {
        "pk": case.pk,
        "department__name": case.department.name,
        "service_type__name": case.service_type.name if case.service_type else None,
        "assignee__username": assignee.username if assignee else None,
        "assignee__first_name": assignee.first_name if assignee else None,
        "assignee__last_name": assignee.last_name if assignee else None,
        "last_callback_result": callback.result if callback else None,
    }
    return tuple(
        related[name] if name in related else getattr(case, name) for name in VALUES
    )


class _LedgerResource(resources.ModelResource):
    ledger_kind: str

    def __init__(self, *, contact_departments=None, **kwargs):
        super().__init__(**kwargs)
        self.contact_departments = contact_departments
        self.columns = ledger.ledger_columns(self.ledger_kind)
        # The added columns, after the declared ones (import-export exports
        # fields outside Meta.export_order last, in this order).
        for index in range(len(ledger.LEDGERS[self.ledger_kind]), len(self.columns)):
            self.fields[f"column_{index}"] = fields.Field(
                column_name=self.columns[index].header
            )

    def get_queryset(self):
        return Case.objects.filter(kind=self.ledger_kind)

    def _context(self, case: Case) -> tuple[tuple, RowContext]:
        # Computed once per case, not once per column.
        if getattr(self, "_context_for", None) != case.pk:
            self._context_for = case.pk
            selection = Case.objects.filter(pk=case.pk)
            events = event_records(selection)
            self._cached = (
                _row(case),
                RowContext(
                    now=timezone.now(),
                    routing=events.routing,
                    contact_departments=self.contact_departments,
                    handlers=events.handlers,
                    added=ledger.added_cells(selection),
                ),
            )
        return self._cached


def _ledger_resource(kind: str, class_name: str) -> type[_LedgerResource]:
    declared = {
        f"column_{index}": fields.Field(column_name=column.header)
        for index, column in enumerate(ledger.LEDGERS[kind])
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
        return self.columns[index].value(*self._context(instance))

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
