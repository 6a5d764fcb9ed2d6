"""Forms of the bookings' admin pages and steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.models import MaterialCheck


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class EmptyForm(forms.Form):
    pass


class CheckInForm(forms.Form):
    # A QR scanner types the booking number and an Enter into the focused field.
    number = forms.CharField(
        label=_("预约号"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "placeholder": "YY-20261202-0001",
            }
        ),
        help_text=_("输入预约号，或用扫码枪扫描市民出示的预约二维码。"),
    )

    def clean_number(self):
        return "".join(self.cleaned_data["number"].split()).upper()


class WalkInForm(forms.Form):
    """现场登记: the next free slot of today at the window, for the citizen at the
    counter; the phone is optional (no phone, no messages)."""

    window = forms.ModelChoiceField(label=_("窗口"), queryset=None)
    service_type = forms.ModelChoiceField(label=_("服务"), queryset=None)
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号（可不填）"), max_length=20, required=False)

    def __init__(self, *args, windows, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = windows
        self.fields["service_type"].queryset = service_types


class PrecheckForm(forms.Form):
    """One result and note per uploaded material photo of the booking."""

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = list(checks)
        choices = [
            (MaterialCheck.Result.PASSED, MaterialCheck.Result.PASSED.label),
            (MaterialCheck.Result.NEEDS_FIX, MaterialCheck.Result.NEEDS_FIX.label),
        ]
        for check in self.checks:
            self.fields[f"result_{check.pk}"] = forms.ChoiceField(
                label=check.material,
                choices=choices,
                initial=check.result
                if check.result != MaterialCheck.Result.PENDING
                else None,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{check.pk}"] = forms.CharField(
                label=_("%(material)s：意见") % {"material": check.material},
                required=False,
                max_length=200,
                initial=check.note,
            )

    def clean(self):
        # The step's service takes {check id: (result, note)}.
        data = super().clean()
        data["verdicts"] = {
            check.pk: (data[f"result_{check.pk}"], data.get(f"note_{check.pk}", ""))
            for check in self.checks
            if f"result_{check.pk}" in data
        }
        return data
