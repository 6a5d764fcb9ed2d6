"""The dashboard's pickers: department, date range and ranking order, from GET."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Long enough for a multi-year comparison, short enough to keep the page fast.
MAX_RANGE_DAYS = 3 * 366
SORT_KEYS = [
    "name",
    "received",
    "on_time",
    "reply",
    "satisfaction",
    "impression",
    # The 12345 office's columns (presentation_office.OFFICE_COLUMNS).
    "sign",
    "returns",
    "redo",
    "callback",
    "callback_satisfaction",
    "handling",
]


@dataclass(frozen=True)
class Filters:
    department_id: int | None
    date_from: date
    date_to: date
    sort: str

    def query(self, **changes) -> dict[str, str]:
        """These filters as GET parameters, with `changes` applied."""
        params = {
            "department": self.department_id or "",
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "sort": self.sort,
            **changes,
        }
        return {key: str(value) for key, value in params.items() if value}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    department = forms.TypedChoiceField(
        label=gettext_lazy("部门"), required=False, coerce=int, empty_value=None
    )
    date_from = forms.DateField(
        label=gettext_lazy("提交日期自"), required=False, widget=DateInput()
    )
    date_to = forms.DateField(
        label=gettext_lazy("至"), required=False, widget=DateInput()
    )
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(key, key) for name in SORT_KEYS for key in (name, f"-{name}")],
    )

    def __init__(self, data, *, departments: list[dict], today: date):
        super().__init__(data)
        self.today = today
        self.fields["department"].choices = [
            ("", _("全部部门")),
            *(
                (
                    department["id"],
                    department["name"]
                    if department["is_active"]
                    else _("%(name)s（已停用）") % {"name": department["name"]},
                )
                for department in departments
            ),
        ]
        self.show_department = len(departments) > 1

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
            if (date_to - date_from).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("日期范围不能超过三年。"))
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters; this year so far, all departments, by default (and
        in place of anything invalid, which the form reports on the page)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        date_to = min(data.get("date_to") or self.today, self.today)
        date_from = data.get("date_from") or date(date_to.year, 1, 1)
        date_from = min(
            max(date_from, date_to - timedelta(days=MAX_RANGE_DAYS)), date_to
        )
        return Filters(
            department_id=data.get("department"),
            date_from=date_from,
            date_to=date_to,
            sort=data.get("sort") or "-received",
        )
