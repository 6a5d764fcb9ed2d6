"""Service steps on an admin change page, and admin actions that ask for a reason.

A step is a small form that calls one service; the service checks state and
permission again, and every refusal becomes a message on the page, never an
error page (the same pattern as the case page in cases/admin).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form: type[forms.Form]
    # (model admin, request, object) -> whether the step is offered now
    offered: Callable[..., bool]
    # (request user, object, cleaned data) -> None; calls one service
    perform: Callable[..., object]


def refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or _("您没有执行此操作的权限。")


class StepsAdminMixin:
    steps: list[Step] = []
    change_form_template = "admin/feedback/change_form_steps.html"

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

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [
            *(field.name for field in self.opts.fields),
            *getattr(self, "extra_readonly", []),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        steps = []
        if obj is not None:
            steps = [
                (step, step.form(prefix=step.name))
                for step in self.steps
                if step.offered(self, request, obj)
            ]
        extra_context = {
            **(extra_context or {}),
            "steps": steps,
            "step_url_name": f"admin:{self._step_url_name()}",
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, object_id, step):
        """Run one step through its service; every refusal becomes a message."""
        obj = self.get_object(request, unquote(object_id))
        step = {s.name: s for s in self.steps}.get(step)
        if obj is None or step is None:
            raise Http404
        info = self.opts.app_label, self.opts.model_name
        change_url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        if not step.offered(self, request, obj):
            messages.error(
                request, _("当前不能执行“%(step)s”。") % {"step": step.label}
            )
            return HttpResponseRedirect(change_url)
        form = step.form(request.POST, prefix=step.name)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{step.label}：{label} {' '.join(errors)}")
            return HttpResponseRedirect(change_url)
        try:
            step.perform(request.user, obj, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"{step.label}：{refusal(error)}")
            return HttpResponseRedirect(change_url)
        messages.success(request, _("已完成：%(step)s") % {"step": step.label})
        return HttpResponseRedirect(change_url)


def reason_action(
    model_admin: admin.ModelAdmin,
    request,
    queryset,
    *,
    form_class: type[forms.Form],
    perform: Callable[..., object],
    title: str,
):
    """An admin action that first asks for a reason (like Django's delete
    confirmation), then calls `perform(user, obj, cleaned_data)` for each row."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        done, refused = 0, []
        for obj in queryset:
            try:
                perform(request.user, obj, form.cleaned_data)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"{obj}：{refusal(error)}")
        messages.info(
            request,
            _("%(title)s：完成 %(done)d 条，%(refused)d 条未执行。")
            % {"title": title, "done": done, "refused": len(refused)},
        )
        for message in refused[:10]:
            messages.warning(request, message)
        return None
    return TemplateResponse(
        request,
        "admin/feedback/action_form.html",
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
