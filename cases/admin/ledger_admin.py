"""Exporting ledgers from the case list, and the record of every export."""

import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
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
from cases.models import Case, LedgerExport
from departments import selectors as department_selectors
from portal.admin_records import ReadOnlyRecordAdmin

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class LedgerExportForm(forms.Form):
    ledger = forms.ChoiceField(label=gettext_lazy("台账"), choices=Case.Kind.choices)
    file_format = forms.ChoiceField(
        label=gettext_lazy("格式"), choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")]
    )


def _file_name(export: LedgerExport) -> str:
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    return f"{ledger.TITLES[export.ledger]}-{stamp}.{export.file_format}"


def ledger_export_view(case_admin, request):
    """The case list's 导出台账: exactly the current filters and search, in scope."""
    changelist = case_admin.get_changelist_instance(request)
    selection = changelist.get_queryset(request)
    initial = {"ledger": request.GET.get("kind__exact", Case.Kind.COMPLAINT)}
    form = LedgerExportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        export = services.ledger_export_start(
            user=request.user,
            cases=selection,
            kind=form.cleaned_data["ledger"],
            file_format=form.cleaned_data["file_format"],
            filters={key: request.GET.getlist(key) for key in request.GET},
        )
        if export.state != LedgerExport.State.DONE:
            messages.success(
                request,
                _("共 %(rows)d 行，已在后台生成，完成后请在“台账导出记录”中下载。")
                % {"rows": export.row_count},
            )
            return HttpResponseRedirect(reverse("admin:cases_ledgerexport_changelist"))
        return _respond_now(export, selection, request.user)
    return TemplateResponse(
        request,
        "admin/cases/case/ledger_export.html",
        {
            **case_admin.admin_site.each_context(request),
            "opts": case_admin.opts,
            "form": form,
            "selected": selection.count(),
            "threshold": services.ledger_sync_limit(),
            "title": _("导出台账"),
        },
    )


def _respond_now(export: LedgerExport, selection, user) -> HttpResponse:
    rows = ledger.ledger_rows(
        selection.filter(kind=export.ledger),
        kind=export.ledger,
        contact_departments=services.contact_departments_for(user),
    )
    name = _file_name(export)
    if export.file_format == "csv":
        response = StreamingHttpResponse(
            ledger.csv_chunks(kind=export.ledger, rows=rows),
            content_type=CONTENT_TYPES["csv"],
        )
    else:
        buffer = io.BytesIO()
        ledger.write_xlsx(kind=export.ledger, rows=rows, target=buffer)
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
        "state",
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
        "state",
        "finished_at",
    ]
    exclude = ["query", "file_name"]

    def get_queryset(self, request):
        # The audit record: supervisors read all of it, everyone else their own.
        exports = super().get_queryset(request)
        if department_selectors.can_supervise(user=request.user):
            return exports
        return exports.filter(user=request.user)

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
        if export.user_id != request.user.pk and not department_selectors.can_supervise(
            user=request.user
        ):
            raise PermissionDenied
        path_ = services.export_path(export)
        if not path_.exists():
            raise Http404
        return FileResponse(
            path_.open("rb"),
            as_attachment=True,
            filename=_file_name(export),
            content_type=CONTENT_TYPES[export.file_format],
        )
