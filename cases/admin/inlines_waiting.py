"""The case page's 市民补充材料 rows: each answer the citizen gave to a 补充材料
request, when, and the photos it brought (stored with the answer's event). Read
only: the citizen answers through the look-up."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy

from cases.admin.inlines import ReadOnlyInline
from cases.models import CaseEvent
from kernel.admin_widgets import image_preview, short_moment


class CaseSupplementInline(ReadOnlyInline):
    model = CaseEvent
    verbose_name = gettext_lazy("市民补充材料")
    verbose_name_plural = gettext_lazy("市民补充材料")
    fields = ["supplied_at", "note", "photos"]
    readonly_fields = fields

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Its own form prefix: the timeline (CaseEventInline) is the case's
        # `events` too, and keeps that one.
        return type(
            formset.__name__,
            (formset,),
            {"get_default_prefix": classmethod(lambda cls: "supplements")},
        )

    def get_queryset(self, request):
        # One query for every answer's photos, however many answers.
        return (
            super()
            .get_queryset(request)
            .filter(action=CaseEvent.Action.INFO_SUPPLY)
            .prefetch_related("attachments")
        )

    @admin.display(description=gettext_lazy("补充时间"))
    def supplied_at(self, event):
        return short_moment(event.created_at)

    @admin.display(description=gettext_lazy("图片（点击看原图）"))
    def photos(self, event):
        attachments = list(event.attachments.all())
        if not attachments:
            return "—"
        return format_html_join(
            " ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            (
                (attachment.image.url, image_preview(attachment.thumbnail, size=96))
                for attachment in attachments
            ),
        )
