"""Steps on an admin change page, and the admin actions made from them.

A `Step` is a small form that calls one service: `perform(obj, user, data)`. A
ModelAdmin with `StepsAdminMixin` and `steps = [...]` shows the steps offered now
(`offered(obj, user)`) on the change page, one form each, posted to
`<object>/step/<name>/` (URL name `<app>_<model>_step`).

Whether a step is offered is a convenience; the service checks state and
permission again. A step not offered is refused with a message and a redirect to
the page. A step the form or the service refuses (Django's `ValidationError` or
`PermissionDenied`) puts the page back with that step open, the input kept and the
reason under its field, beside a message; never an error page.

A step with `bulk` is also an admin action `<name>_selected` on the list: it asks
for the step's form first (unless `asks_form=False`), then runs the step on each
selected row the step is offered for, and reports every row it refused.

`text_form` makes the form of a step that asks for one text (a note, a reason).
"""

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST


@dataclass(frozen=True)
class BulkAction:
    """How a step runs on the selected rows of a list."""

    description: str  # the action's name in the list's menu
    # Told afterwards, from %(title)s (the description), %(done)d and %(refused)d.
    summary: str = gettext_lazy("%(title)s：完成 %(done)d 条，%(refused)d 条未执行。")
    # False: run at once with the form's defaults (all its fields are optional).
    asks_form: bool = True


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form_class: type[forms.Form]
    # (object, user) -> whether the step is offered now
    offered: Callable[[Any, Any], bool]
    # (object, user, cleaned data) -> the result; calls one service
    perform: Callable[[Any, Any, dict], object]
    # The success message, from what `perform` returned; "已完成：<label>" if None.
    done_message: Callable[[object], str] | None = None
    bulk: BulkAction | None = None
    # (object) -> extra keyword arguments of the form (choices that depend on it)
    form_kwargs: Callable[[Any], dict] | None = None
    style: str = ""  # "default": drawn as the page's main step
    # Asked in a dialog before the form is sent ("{field}" is the chosen value).
    confirm: str = ""

    def make_form(self, obj, data=None) -> forms.Form:
        kwargs = self.form_kwargs(obj) if self.form_kwargs else {}
        return self.form_class(data, prefix=self.name, **kwargs)

    def done(self, result) -> str:
        if self.done_message is not None:
            return self.done_message(result)
        return _("已完成：%(step)s") % {"step": self.label}


def text_form(
    name: str, field: str, label, *, required: bool = True, rows: int = 4
) -> type[forms.Form]:
    """The form of a step that asks for one text (a note, a reason): `field`, at
    most 2,000 characters, in a textarea of `rows` lines."""
    text = forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 60}),
    )
    return type(name, (forms.Form,), {field: text})


def refusal(error: ValidationError | PermissionDenied) -> str:
    """A service's refusal as one line of Chinese."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or _("您没有执行此操作的权限。")


def _add_refusal(form: forms.Form, error: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal on the form: under the field it names, if the form
    has that field, else above the fields."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, refusal(error))


class StepsAdminMixin:
    """Mix in before `admin.ModelAdmin`; list the steps in `steps`."""

    steps: list[Step] = []
    change_form_template = "admin/change_form_steps.html"
    not_offered_message = gettext_lazy("当前不能执行“%(step)s”。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._steps = {step.name: step for step in self.steps}
        if self.actions is not None:
            self.actions = [
                *self.actions,
                *(_bulk_action(step) for step in self.steps if step.bulk),
            ]

    # URLs and pages ------------------------------------------------------------

    def _step_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_step"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/step/<str:step>/",
                self.admin_site.admin_view(require_POST(self.step_view)),
                name=self._step_url_name(),
            ),
            *super().get_urls(),
        ]

    def offered_steps(self, request, obj) -> list[Step]:
        return [step for step in self.steps if step.offered(obj, request.user)]

    def change_page_context(self, request, obj) -> dict:
        """More for the change page's template; override to add to it."""
        return {}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        # (step, bound form) when the page comes back after a refused step.
        failed = extra_context.pop("failed_step", None)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:  # else Django answers for a missing row
            offered = {step.name for step in self.offered_steps(request, obj)}
            steps = [
                (step, failed[1])
                if failed and failed[0] is step
                else (step, step.make_form(obj))
                for step in self.steps
                # A refused step stays, even if the refusal means it is no longer
                # offered: the user's input is not lost.
                if step.name in offered or (failed and failed[0] is step)
            ]
            extra_context = {
                "steps": steps,
                "open_step": failed[0].name if failed else "",
                "asks_confirmation": any(step.confirm for step, _form in steps),
                "step_url_name": f"admin:{self._step_url_name()}",
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
                **self.change_page_context(request, obj),
                **extra_context,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _change_url(self, obj) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_change".format(*info), args=[obj.pk])

    def after_step_url(self, request, obj) -> str:
        """Where a step that succeeded lands: the object's page."""
        return self._change_url(obj)

    # The step view -------------------------------------------------------------

    def step_view(self, request, object_id, step):
        """Run one step through its service; every refusal becomes a message."""
        obj = self.get_object(request, unquote(object_id))
        step = self._steps.get(step)
        if obj is None or step is None:
            raise Http404
        if not step.offered(obj, request.user):
            messages.error(request, self.not_offered_message % {"step": step.label})
            return HttpResponseRedirect(self._change_url(obj))
        form = step.make_form(obj, request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{step.label}：{label} {' '.join(errors)}")
            return self._page_with_failed_step(request, object_id, step, form)
        try:
            result = step.perform(obj, request.user, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"{step.label}：{refusal(error)}")
            _add_refusal(form, error)
            return self._page_with_failed_step(request, object_id, step, form)
        messages.success(request, step.done(result))
        return HttpResponseRedirect(self.after_step_url(request, obj))

    def _page_with_failed_step(self, request, object_id, step, form):
        # The change page again, as on a GET (Django's change view would otherwise
        # take the POST for its own form), with this step's bound form in it.
        # The request passed the admin's CSRF check already.
        page_request = copy(request)
        page_request.method = "GET"
        return self.change_view(
            page_request, object_id, extra_context={"failed_step": (step, form)}
        )


def _bulk_action(step: Step):
    @admin.action(description=step.bulk.description, permissions=["change"])
    def action(model_admin, request, queryset):
        return run_bulk(model_admin, request, queryset, step)

    action.__name__ = f"{step.name}_selected"
    return action


def run_bulk(model_admin, request, queryset, step: Step):
    """Ask for the step's form (like Django's delete confirmation), then run the
    step on every selected row, and report each row it refused. A bulk step's form
    takes no object (`form_kwargs` is for the change page)."""
    title = step.bulk.description
    if step.bulk.asks_form:
        form = step.form_class(request.POST if "apply" in request.POST else None)
    else:
        form = step.form_class({})
    if not (form.is_bound and form.is_valid()):
        return TemplateResponse(
            request,
            "admin/step_action_form.html",
            {
                **model_admin.admin_site.each_context(request),
                "opts": model_admin.opts,
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
    done, refused = 0, []
    for obj in queryset:
        if not step.offered(obj, request.user):
            reason = model_admin.not_offered_message % {"step": step.label}
            refused.append(f"{obj}：{reason}")
            continue
        try:
            step.perform(obj, request.user, form.cleaned_data)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            refused.append(f"{obj}：{refusal(error)}")
    messages.info(
        request,
        step.bulk.summary % {"title": title, "done": done, "refused": len(refused)},
    )
    for message in refused[:10]:
        messages.warning(request, message)
    return None
