"""Open311 clients in the back office, for supervisors: issue a key (shown once,
on the page that follows), limit its rate and services, revoke it, and read the
log of every keyed request."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import APIKey

from departments import selectors as department_selectors
from kernel.admin_records import ReadOnlyRecordAdmin
from open311 import catalogue, services
from open311.models import ApiClient, ApiKeyUse

# The library's own page of its stock model, which the portal does not use.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


class ApiClientForm(forms.ModelForm):
    class Meta:
        model = ApiClient
        fields = ["name", "contact", "rate_limit", "allowed_services", "expiry_date"]

    def clean_rate_limit(self):
        value = self.cleaned_data["rate_limit"].strip()
        try:
            services.check_rate_limit(value)
        except ValidationError as error:
            raise ValidationError(error.message_dict["rate_limit"]) from None
        return value

    def clean_allowed_services(self):
        value = self.cleaned_data["allowed_services"]
        codes = [line.strip() for line in value.splitlines() if line.strip()]
        known = {service.code for service in catalogue.service_list()}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("没有这些服务编码：%(codes)s") % {"codes": "、".join(unknown)}
            )
        return "\n".join(codes)


class _SupervisorsOnly:
    def has_module_permission(self, request):
        return department_selectors.is_supervisor(request.user)

    def has_view_permission(self, request, obj=None):
        return department_selectors.is_supervisor(
            request.user
        ) and super().has_view_permission(request, obj)


@admin.register(ApiClient)
class ApiClientAdmin(_SupervisorsOnly, admin.ModelAdmin):
    form = ApiClientForm
    list_display = [
        "name",
        "prefix",
        "rate_limit",
        "created",
        "created_by",
        "expiry_date",
        "revoked",
        "revoked_at",
    ]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created", "created_by", "revoked", "revoked_at"]
    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None):
        # A client's requests stay linked to it; revoke instead.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.revoked:
            return [*self.readonly_fields, *ApiClientForm.Meta.fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        fields = {name: form.cleaned_data[name] for name in ApiClientForm.Meta.fields}
        try:
            client, key = services.client_issue(actor=request.user, **fields)
        except (PermissionDenied, ValidationError) as error:
            raise PermissionDenied(str(error)) from None
        form.instance = obj = client
        self._issued_key = key

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(self, "_issued_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        del self._issued_key
        response = TemplateResponse(
            request,
            "admin/open311/key_issued.html",
            {
                **self.admin_site.each_context(request),
                "title": _("接口密钥已签发"),
                "client": obj,
                "key": key,
                "opts": self.opts,
            },
        )
        # The key is on this page once: no cache, no browser history copy.
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("吊销所选接口密钥"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for client in queryset:
            services.client_revoke(actor=request.user, client=client)
        self.message_user(
            request,
            _("已吊销 %(n)d 个接口密钥。") % {"n": queryset.count()},
            messages.SUCCESS,
        )

    def has_revoke_permission(self, request):
        return request.user.has_perm(
            "open311.revoke_apiclient"
        ) and department_selectors.is_supervisor(request.user)


@admin.register(ApiKeyUse)
class ApiKeyUseAdmin(_SupervisorsOnly, ReadOnlyRecordAdmin, admin.ModelAdmin):
    list_display = [
        "used_at",
        "client",
        "key_prefix",
        "method",
        "path",
        "status_code",
        "address",
        "service_request_id",
    ]
    list_filter = ["status_code", "method", "client"]
    search_fields = ["service_request_id", "key_prefix"]
    date_hierarchy = "used_at"
    list_select_related = ["client"]
