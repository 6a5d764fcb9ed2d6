"""Spreadsheet import/export on the department admin pages (docs/imports.md).

`SpreadsheetAdminMixin` goes first in a ModelAdmin's bases, before
departments.admin_scope.DepartmentScopedAdmin, so that its changelist and URLs wrap
the scoped admin's: exports read the scoped queryset, and the resource gets the
request user to refuse rows of other departments.
"""

from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from openpyxl import Workbook
from openpyxl.styles import Font

from kernel.spreadsheets import SafeCSV, SafeXLSX


class SpreadsheetAdminMixin(ImportExportMixin):
    # XLSX and CSV only, for import and export alike; exported text never runs as
    # a formula (kernel/spreadsheets.py).
    formats = [SafeXLSX, SafeCSV]

    # Import-export's changelist plus the 下载导入模板 button.
    import_export_change_list_template = "admin/departments/change_list_import.html"
    # The preview spells out each failing row's problems by column.
    import_template_name = "admin/departments/import.html"

    def has_import_permission(self, request):
        # Import adds and changes rows; each row is checked again for scope.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "user": request.user}

    def get_urls(self):
        app_label, model_name = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{app_label}_{model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """An XLSX with just the header row of this model's resource."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        headers = resource.get_export_headers()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(self.opts.verbose_name)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            column_width = max(10, 2 * len(str(cell.value)) + 2)
            sheet.column_dimensions[cell.column_letter].width = column_width
        sheet.freeze_panes = "A2"
        content = BytesIO()
        workbook.save(content)
        response = HttpResponse(content.getvalue(), content_type=XLSX.CONTENT_TYPE)
        filename = _("%(model)s导入模板.xlsx") % {"model": self.opts.verbose_name}
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
        return response
