"""The shared part of the department spreadsheets (resources.py): field helpers
and `SpreadsheetResource`, which reports Chinese errors by column header, rolls back
the whole file on any error, and checks the importing user's department scope.
"""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from departments import selectors
from departments.import_widgets import (
    DecimalCellWidget,
    IntegerCellWidget,
    NaturalKeyInstanceLoader,
    TextWidget,
    YesNoWidget,
)
from departments.models import Department


def text(attribute, column):
    return Field(attribute=attribute, column_name=column, widget=TextWidget())


def number(attribute, column, *, keep_when_blank=False, decimal=False):
    """keep_when_blank: an empty cell leaves the value (or the model default)."""
    widget = DecimalCellWidget() if decimal else IntegerCellWidget()
    return Field(
        attribute=attribute,
        column_name=column,
        widget=widget,
        saves_null_values=not keep_when_blank,
    )


def yes_no(attribute, column):
    return Field(
        attribute=attribute,
        column_name=column,
        widget=YesNoWidget(),
        saves_null_values=False,
    )


def cell_error(message, column=None):
    error = ValidationError(message, code="invalid")
    error.column = column
    return error


class SpreadsheetResource(resources.ModelResource):
    """Shared behaviour of the four resources."""

    # Where "another department's row" is reported: the field, and its column
    # when that is not the field's own.
    scope_attribute = "department"
    scope_column = None

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def department_of(self, instance) -> Department | None:
        raise NotImplementedError

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        # All or nothing: a file with any invalid row saves no row at all.
        return super().import_data(
            dataset,
            *args,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )

    def before_import(self, dataset, **kwargs):
        # import-export's own check of the key columns speaks English.
        headers = dataset.headers or []
        missing = [
            self.fields[name].column_name
            for name in self.get_import_id_fields()
            if self.fields[name].column_name not in headers
        ]
        if missing:
            raise ValueError(
                _("文件缺少以下列：%(columns)s。请按“下载导入模板”的表头填写。")
                % {"columns": "、".join(missing)}
            )

    def import_instance(self, instance, row, **kwargs):
        """Read every cell, collecting the Chinese errors by field, then check the
        department scope of the record before and after the row."""
        before = self.department_of(instance) if instance.pk else None
        errors = {}
        for field in self.get_import_fields():
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                errors.setdefault(field.attribute, []).append(
                    cell_error(str(exc), getattr(exc, "column", None))
                )
        user = self.user if self.user is not None else kwargs.get("user")
        for attribute, error in self.scope_errors(user, instance, before):
            errors.setdefault(attribute, []).append(error)
        if errors:
            raise ValidationError(errors)

    def scope_errors(self, user, instance, before):
        scope = selectors.scope_for(user)
        after = self.department_of(instance)
        if after is not None and not scope.includes(after.pk):
            message = _("无权导入其他部门的数据：%(code)s") % {"code": after.code}
            return [(self.scope_attribute, cell_error(message, self.scope_column))]
        if before is not None and not scope.includes(before.pk):
            # Only a service type can move: its code belongs to another department.
            message = _("该编码已属于其他部门，无权修改：%(code)s") % {
                "code": instance.code
            }
            return [("code", cell_error(message))]
        return []

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        try:
            super().validate_instance(
                instance, import_validation_errors, validate_unique=validate_unique
            )
        except ValidationError as exc:
            raise ValidationError(self.errors_by_column(exc)) from None

    def errors_by_column(self, exc):
        """Key the row's errors by the spreadsheet's column headers, so the admin's
        error table says 部门编码 rather than `department`."""
        if not hasattr(exc, "error_dict"):
            return exc
        columns = {
            field.attribute: field.column_name
            for field in self.fields.values()
            if field.attribute and not field.readonly
        }
        by_column = {}
        for key, errors in exc.error_dict.items():
            for error in errors:
                column = (
                    getattr(error, "column", None)
                    or columns.get(key)
                    or self.verbose_name(key)
                )
                by_column.setdefault(column, []).append(error)
        # In the preview's column order, so a row's problems read left to right.
        order = {column: i for i, column in enumerate(self.get_diff_headers())}
        return dict(
            sorted(by_column.items(), key=lambda item: order.get(item[0], len(order)))
        )

    def verbose_name(self, key):
        if key == NON_FIELD_ERRORS:
            return key
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key


class SpreadsheetMeta:
    import_id_fields = ()
    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True
    use_transactions = True
    instance_loader_class = NaturalKeyInstanceLoader
