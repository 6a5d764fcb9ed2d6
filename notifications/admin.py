"""The outbox (消息发送记录, supervisors, read-only), the templates (消息模板, edited in
Chinese with their variables, a preview and the SMS segment count) and staff
contact settings. Staff see a case's messages on the case page instead
(notifications.selectors.messages_about)."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kernel.admin_privacy import PersonalFieldsAdmin
from kernel.admin_records import ReadOnlyRecordAdmin
from notifications import crypto
from notifications.events import EVENTS
from notifications.models import Channel, Message, MessageTemplate, StaffContact
from notifications.rendering import render, sms_segments


@admin.register(Message)
class MessageAdmin(ReadOnlyRecordAdmin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "channel",
        "recipient_masked",
        "status",
        "attempts",
        "sent_at",
        "about",
    ]
    list_filter = ["status", "channel", "event"]
    date_hierarchy = "created_at"
    # Matched through the keyed hash in get_search_results, never as text.
    search_fields = ["recipient_hash"]
    search_help_text = _("输入完整的手机号、邮箱或 openid 精确查找。")
    fields = [
        "event",
        "about",
        "occurrence",
        "channel",
        "recipient_masked",
        "template_code",
        "subject",
        "text",
        "url",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "provider_message_id",
        "provider_answer",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields
    sortable_by = ["created_at", "sent_at", "attempts"]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        digests = [crypto.recipient_hash(channel, term) for channel in Channel.values]
        return queryset.filter(recipient_hash__in=digests), False


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = [
            "event",
            "channel",
            "subject",
            "text",
            "provider_template_code",
            "sign_name",
            "active",
        ]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(PersonalFieldsAdmin, admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["event", "channel", "provider_template_code", "active", "length"]
    list_filter = ["channel", "active", "event"]
    readonly_fields = ["variables", "preview", "updated_at"]
    fields = [
        "event",
        "channel",
        "variables",
        "subject",
        "text",
        "preview",
        "provider_template_code",
        "sign_name",
        "active",
        "updated_at",
    ]

    @admin.display(description=_("可用变量"))
    def variables(self, obj):
        event = EVENTS.get(obj.event) if obj else None
        if event is None:
            return _("保存后显示该事件的可用变量。")
        return format_html_join(
            "", "<div><code>{{{}}}</code> 示例：{}</div>", event.variables.items()
        )

    @admin.display(description=_("预览"))
    def preview(self, obj):
        event = EVENTS.get(obj.event) if obj else None
        if event is None:
            return "-"
        text = render(obj.text, event.variables)
        if obj.channel != Channel.SMS:
            return text
        text = obj.signature() + text
        return format_html(
            "<div>{}</div><div>共 {} 字，按 {} 条短信计费（70 字以内 1 条，超过后每条 67 字）。</div>",
            text,
            len(text),
            sms_segments(text),
        )

    @admin.display(description=_("短信字数"))
    def length(self, obj):
        if obj.channel != Channel.SMS:
            return "-"
        text = obj.signature() + render(obj.text, EVENTS[obj.event].variables)
        return _("%(chars)s 字 / %(parts)s 条") % {
            "chars": len(text),
            "parts": sms_segments(text),
        }


class StaffContactForm(forms.ModelForm):
    phone = forms.CharField(label=_("手机号"), required=False, max_length=20)

    class Meta:
        model = StaffContact
        fields = ["user", "channel"]

    def clean(self):
        cleaned = super().clean()
        wants_sms = cleaned.get("channel") == StaffContact.Via.SMS
        has_phone = cleaned.get("phone") or self.instance.phone_encrypted
        if wants_sms and not has_phone:
            self.add_error("phone", _("选择短信通知时须填写手机号。"))
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("phone"):
            self.instance.phone = self.cleaned_data["phone"]
        return super().save(commit)


@admin.register(StaffContact)
class StaffContactAdmin(PersonalFieldsAdmin, admin.ModelAdmin):
    form = StaffContactForm
    list_display = ["user", "channel", "phone_masked"]
    list_filter = ["channel"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "channel", "phone", "phone_masked"]
    readonly_fields = ["phone_masked"]
    sortable_by = ["user", "channel"]
