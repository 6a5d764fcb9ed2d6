"""Exporting ledgers from the case list, and the record of every export.

An export holds what the case list shows: the export page and the background
worker both take their cases from `case_list_selection`, the list's own changelist
for a user and a query string, so a filter added to the list is exported too.
"""

import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import ledger, services
from cases.ledger_progress import progress_text
from cases.models import Case, LedgerExport
from departments import selectors as department_selectors
from kernel.admin_records import ReadOnlyRecordAdmin

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


ALL = LedgerExport.ALL_LEDGERS


class LedgerExportForm(forms.Form):
    ledger = forms.ChoiceField(
        label=gettext_lazy("台账"),
        choices=[(ALL, gettext_lazy("全部台账（每种一个工作表）")), *Case.Kind.choices],
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("格式"), choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")]
    )


def _file_name(export: LedgerExport) -> str:
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    title = ledger.TITLES.get(export.ledger) or _("诉求台账")
    return f"{title}-{stamp}.{export.file_format}"


def _recorded_filters(request, selection) -> dict:
    """The query string, for the export record; a search by a caller's phone or
    name is kept masked (the record is listed to supervisors)."""
    filters = {key: request.GET.getlist(key) for key in request.GET}
    if "q" in filters:
        filters["q"] = [
            services.masked_search_term(cases=selection, search_term=term)
            for term in filters["q"]
        ]
    return filters


def _listed_cases(case_admin, request) -> QuerySet[Case]:
    # Scope, filters, search and order exactly as the case list applies them.
    return case_admin.get_changelist_instance(request).get_queryset(request)


def case_list_selection(*, user, filters: dict) -> QuerySet[Case]:
    """The cases the case list shows `user` for `filters` (its query string, as
    a dict of lists): the departments in the user's scope today, every list
    filter, the search (`q`) and the order. The page number is left out: an
    export holds every page.

    A search by a caller's phone or name is not recorded again: it was recorded
    (联系方式查看记录) when the list was searched.
    """
    query = QueryDict(mutable=True)
    for key, values in filters.items():
        if key not in (PAGE_VAR, ERROR_FLAG):
            query.setlist(key, values if isinstance(values, list) else [values])
    request = HttpRequest()
    request.method = "GET"
    request.path = reverse("admin:cases_case_changelist")
    request.GET = query
    request.user = user
    request.contact_search_recorded = True
    return _listed_cases(admin.site.get_model_admin(Case), request)


def ledger_export_view(case_admin, request):
    """The case list's 导出台账: exactly the current filters and search, in scope.

    The list filtered by kind exports that kind's ledger; an unfiltered list
    exports every kind, one sheet each, so the file holds what the list counted.
    """
    selection = _listed_cases(case_admin, request)
    kind = request.GET.get("kind__exact")
    initial = {"ledger": kind if kind in Case.Kind.values else ALL}
    form = LedgerExportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            export = services.ledger_export_start(
                user=request.user,
                cases=selection,
                kind=form.cleaned_data["ledger"],
                file_format=form.cleaned_data["file_format"],
                filters=_recorded_filters(request, selection),
                search=request.GET.get("q", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _respond(request, export, selection)
    counts = dict(selection.order_by().values_list("kind").annotate(count=Count("pk")))
    return TemplateResponse(
        request,
        "admin/cases/case/ledger_export.html",
        {
            **case_admin.admin_site.each_context(request),
            "opts": case_admin.opts,
            "form": form,
            "selected": sum(counts.values()),
            # In the workbook's sheet order.
            "by_kind": [
                (Case.Kind(kind).label, counts.get(kind, 0))
                for kind in ledger.ledger_kinds(ALL)
            ],
            "threshold": services.ledger_sync_limit(),
            "title": _("导出台账"),
        },
    )


def _respond(request, export: LedgerExport, selection) -> HttpResponse:
    if export.state != LedgerExport.State.DONE:
        messages.success(
            request,
            _("共 %(rows)d 行，已在后台生成，完成后请在“台账导出记录”中下载。")
            % {"rows": export.row_count},
        )
        return HttpResponseRedirect(reverse("admin:cases_ledgerexport_changelist"))
    cases = selection if export.ledger == ALL else selection.filter(kind=export.ledger)
    sheets = services.ledger_sheets(
        cases=cases,
        kind=export.ledger,
        contact_departments=services.contact_departments_for(request.user),
    )
    name = _file_name(export)
    if export.file_format == "csv":
        [(kind, rows)] = sheets
        response = StreamingHttpResponse(
            ledger.csv_chunks(kind=kind, rows=rows),
            content_type=CONTENT_TYPES["csv"],
        )
    else:
        heading = services.ledger_heading(
            user=request.user,
            cases=cases,
            filters=export.filters,
            exported_at=export.created_at,
        )
        buffer = io.BytesIO()
        services.write_ledger_file(
            sheets=sheets, heading=heading, target=buffer, file_format="xlsx"
        )
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@admin.register(LedgerExport)
class LedgerExportAdmin(ReadOnlyRecordAdmin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "user",
        "ledger",
        "file_format",
        "row_count",
        "progress",
        "download",
    ]
    list_filter = ["ledger", "state", "created_at"]
    list_select_related = ["user"]
    readonly_fields = [
        "created_at",
        "user",
        "ledger",
        "file_format",
        "filters",
        "row_count",
        "progress",
        "finished_at",
    ]
    exclude = ["pending_search", "file_name", "state", "rows_expected", "rows_written"]

    def get_queryset(self, request):
        # The audit record: supervisors read all of it, everyone else their own.
        exports = super().get_queryset(request)
        if department_selectors.is_supervisor(request.user):
            return exports
        return exports.filter(user=request.user)

    @admin.display(description=gettext_lazy("状态"), ordering="state")
    def progress(self, export):
        # 生成中 42%（420,000 / 1,000,000 行） while the worker writes.
        return progress_text(export)

    @admin.display(description=gettext_lazy("下载"))
    def download(self, export):
        if export.has_file:
            url = reverse("admin:cases_ledgerexport_download", args=[export.pk])
            return format_html('<a href="{}">{}</a>', url, _("下载"))
        if export.state == LedgerExport.State.DONE:
            return _("已随请求下载")
        return export.get_state_display()

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="cases_ledgerexport_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        export = self.get_queryset(request).filter(pk=pk).first()
        if export is None or not export.has_file:
            raise Http404
        if export.user_id != request.user.pk and not department_selectors.is_supervisor(
            request.user
        ):
            raise PermissionDenied
        return services.ledger_file_response(
            export=export,
            download_name=_file_name(export),
            content_type=CONTENT_TYPES[export.file_format],
        )
