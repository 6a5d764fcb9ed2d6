"""政务信息 in the back office: staff write for their departments, supervisors for
the city; 提交, 审核通过 (a second person, when the city requires it) and 撤回 are
steps that call the services; saving renders the body."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from departments.admin_scope import DepartmentOwnedAdmin, ScopedDepartmentFilter
from kernel.admin_steps import Step, StepsAdminMixin, text_form
from notices import services
from notices.models import Notice, NoticeEvent, NoticeImage

Status = Notice.Status


class NoticeForm(forms.ModelForm):
    cover_upload = forms.ImageField(
        label=_("封面图片"), required=False, help_text=_("将裁切为 640×360。")
    )
    image_upload = forms.ImageField(label=_("新增附图"), required=False)

    class Meta:
        model = Notice
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "department",
            "interprets",
            "publish_at",
            "withdraw_at",
            "pinned",
        ]

    def clean_cover_upload(self):
        upload = self.cleaned_data.get("cover_upload")
        return (
            services.picture_prepare(upload=upload, renditions={}) if upload else None
        )

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        return services.picture_prepare(upload=upload) if upload else None

    def clean(self):
        data = super().clean()
        errors = services.notice_errors(
            kind=data.get("kind"),
            interprets=data.get("interprets"),
            publish_at=data.get("publish_at"),
            withdraw_at=data.get("withdraw_at"),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class EmptyForm(forms.Form):
    pass


def _may(user, notice) -> bool:
    from departments import policy

    if notice.department_id is None:
        return policy.is_supervisor(user)
    return policy.may_act_for(user, notice.department_id)


STEPS = [
    Step(
        "submit",
        _("提交发布"),
        EmptyForm,
        lambda n, user: n.status in (Status.DRAFT, Status.WITHDRAWN) and _may(user, n),
        lambda n, user, data: services.notice_submit(notice=n, user=user),
        style="default",
    ),
    Step(
        "approve",
        _("审核通过并发布"),
        EmptyForm,
        lambda n, user: n.status == Status.PENDING and _may(user, n),
        lambda n, user, data: services.notice_approve(notice=n, user=user),
    ),
    Step(
        "withdraw",
        _("撤回"),
        text_form("WithdrawForm", "note", _("撤回原因"), required=False, rows=2),
        lambda n, user: (
            n.status in (Status.PUBLISHED, Status.PENDING) and _may(user, n)
        ),
        lambda n, user, data: services.notice_withdraw(
            notice=n, user=user, note=data["note"]
        ),
    ),
]


class ImageInline(admin.TabularInline):
    model = NoticeImage
    fields = ["preview", "caption", "sort_order"]
    readonly_fields = ["preview"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # through 新增附图, which verifies the picture

    @admin.display(description=_("图片"))
    def preview(self, picture):
        return (
            format_html('<img src="{}" alt="" width="120">', picture.image_960.url)
            if picture.image_960
            else "—"
        )


class EventInline(admin.TabularInline):
    model = NoticeEvent
    fields = ["created_at", "action", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(StepsAdminMixin, DepartmentOwnedAdmin):
    form = NoticeForm
    staff_department_help = _("请选择您负责的部门之一。全市信息由督办人员发布。")
    staff_department_required = _("请选择发布部门（您负责的部门之一）。")
    list_display = [
        "title",
        "kind",
        "department_label",
        "status",
        "publish_at",
        "withdraw_at",
        "pinned",
        "view_count",
    ]
    list_filter = ["status", "kind", ("department", ScopedDepartmentFilter)]
    list_select_related = ["department"]
    search_fields = ["title"]
    date_hierarchy = "publish_at"
    inlines = [ImageInline, EventInline]
    steps = STEPS
    readonly_fields = [
        "status",
        "view_count",
        "cover_preview",
        "body_preview",
        "qr_link",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "summary",
                    "department",
                    "interprets",
                    "status",
                ]
            },
        ),
        (_("正文"), {"fields": ["body", "body_preview"]}),
        (_("图片"), {"fields": ["cover_upload", "cover_preview", "image_upload"]}),
        (
            _("发布"),
            {"fields": [("publish_at", "withdraw_at"), "pinned", "view_count"]},
        ),
    ]

    def delete_model(self, request, obj):
        services.notice_withdraw(notice=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # 撤回 keeps the record

    def save_model(self, request, obj, form, change):
        services.notice_save(
            notice=obj, user=request.user, cover=form.cleaned_data.get("cover_upload")
        )
        if form.cleaned_data.get("image_upload"):
            services.image_add(
                notice=obj, user=request.user, upload=form.cleaned_data["image_upload"]
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Edited and stepped on one page: the save buttons stay.
        extra = {
            "show_save": True,
            "show_save_and_continue": True,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    @admin.display(description=_("二维码"))
    def qr_link(self, notice):
        if notice.pk is None or notice.status != Status.PUBLISHED:
            return _("发布后可下载")
        # The site's QR download (portal/dashboard/qr.py), at the share page.
        url = reverse("dashboard-qr")
        return format_html(
            '<a href="{}?target=notice:{}&amp;format=svg">SVG</a> · '
            '<a href="{}?target=notice:{}&amp;format=png">PNG</a>',
            url,
            notice.pk,
            url,
            notice.pk,
        )

    @admin.display(description=_("当前封面"))
    def cover_preview(self, notice):
        return (
            format_html('<img src="{}" alt="" width="320">', notice.cover_640.url)
            if notice.cover_640
            else "—"
        )

    @admin.display(description=_("正文预览（净化后）"))
    def body_preview(self, notice):
        from django.utils.safestring import mark_safe

        # body_html is nh3's output (notices/rendering.py): safe by construction.
        return mark_safe(notice.body_html) if notice.body_html else "—"  # noqa: S308
