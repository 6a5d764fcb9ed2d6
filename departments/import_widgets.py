"""Cell readers for the department spreadsheets (see resources.py, docs/imports.md).

Every widget turns a bad cell into a `ValueError` with a Chinese message, which
django-import-export reports as a validation error of that row and column.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import sanitize_separators
from django.utils.translation import gettext as _
from import_export.instance_loaders import ModelInstanceLoader
from import_export.widgets import (
    BooleanWidget,
    CharWidget,
    ForeignKeyWidget,
    Widget,
)

from departments.models import Department, ServiceWindow

DEPARTMENT_CODE_COLUMN = "部门编码"


class CellError(ValueError):
    """A cell that cannot be read; `column` names the column to report it under
    when that is not the field's own (a window's department code)."""

    def __init__(self, message, column=None):
        super().__init__(message)
        self.column = column


def cell_text(value) -> str:
    """A cell as stripped text; empty cells (None) are ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number in Excel: 2024.0 -> "2024"
    return str(value).strip()


class TextWidget(CharWidget):
    """Text with surrounding spaces removed, as Django's form fields do."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class IntegerCellWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            number = Decimal(sanitize_separators(text))
        except (InvalidOperation, ValueError):
            raise ValueError(_("请填写整数。")) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError(_("请填写整数。"))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DecimalCellWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            number = Decimal(sanitize_separators(text))
        except (InvalidOperation, ValueError):
            raise ValueError(_("请填写数字。")) from None
        if not number.is_finite():
            raise ValueError(_("请填写数字。"))
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class YesNoWidget(BooleanWidget):
    """是/否, also 1/0 and TRUE/FALSE (any case, or Excel's own booleans).

    An empty cell returns None; the resource's fields leave the value unchanged
    then (saves_null_values=False), so a new row gets the model default.
    """

    TRUE_TEXT = {"是", "1", "true"}
    FALSE_TEXT = {"否", "0", "false"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if text in self.TRUE_TEXT:
            return True
        if text in self.FALSE_TEXT:
            return False
        if not text:
            return None
        raise ValueError(_("请填写“是”或“否”（也可填 1/0、TRUE/FALSE）。"))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "是" if value else "否"


class DepartmentCodeWidget(ForeignKeyWidget):
    """A department by its code; an unknown code is an error naming the code."""

    def __init__(self, **kwargs):
        super().__init__(Department, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            return None
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise CellError(
                _("部门编码不存在：%(code)s") % {"code": code},
                column=DEPARTMENT_CODE_COLUMN,
            )
        return department


class WindowCodeWidget(ForeignKeyWidget):
    """A service window by department code (another column) and window code."""

    def __init__(self, department_column=DEPARTMENT_CODE_COLUMN, **kwargs):
        super().__init__(ServiceWindow, field="code", **kwargs)
        self.department_column = department_column

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        department = DepartmentCodeWidget().clean(
            (row or {}).get(self.department_column)
        )
        if department is None:
            raise CellError(_("请填写部门编码。"), column=self.department_column)
        if not code:
            return None
        window = department.windows.filter(code=code).first()
        if window is None:
            raise ValueError(
                _("部门“%(department)s”下没有窗口编码：%(code)s")
                % {"department": department.code, "code": code}
            )
        return window


class NaturalKeyInstanceLoader(ModelInstanceLoader):
    """Finds the row's existing record by its natural key.

    A key cell that cannot be read (an unknown department code) counts as "no
    existing record": the row's import then reports that cell by its column,
    instead of failing the whole file with an error that names no column.
    """

    def get_instance(self, row):
        model = self.resource._meta.model
        try:
            return super().get_instance(row)
        except ValueError:
            return None
        except model.MultipleObjectsReturned:
            raise ValidationError(
                _("这一行对应数据库中的多条记录，请先在后台删除重复的记录。")
            ) from None
