"""Back office for posters and albums.

Department staff manage their own departments' posters and albums; the city-wide
ones (no department) belong to supervisors: scoping by `department__in` leaves
them out of everyone else's querysets, and the department is required for staff
who do not supervise. Pictures are stored through `media_gallery.services`; their
files leave storage with their rows (`media_gallery.signals`), bulk deletes too.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments import selectors as department_selectors
from departments.admin_scope import DepartmentOwnedAdmin, ScopedDepartmentFilter
from kernel.admin_widgets import image_preview
from media_gallery import selectors, services
from media_gallery.forms import AlbumForm, PosterForm
from media_gallery.models import Album, Photo, Poster


@admin.register(Poster)
class PosterAdmin(DepartmentOwnedAdmin):
    form = PosterForm
    staff_department_help = _(
        "请选择您负责的部门之一：您只能为自己的部门发布海报。全市海报由督办人员维护。"
    )
    staff_department_required = _("请选择海报所属的部门（您负责的部门之一）。")
    list_display = [
        "preview",
        "title",
        "department_label",
        "link_type",
        "starts_at",
        "ends_at",
        "showing_now",
        "sort_order",
        "is_active",
    ]
    list_display_links = ["preview", "title"]
    list_editable = ["sort_order", "is_active"]
    list_filter = [
        "is_active",
        "link_type",
        ("department", ScopedDepartmentFilter),
    ]
    list_select_related = ["department"]
    search_fields = ["title"]
    readonly_fields = ["large_preview", "sizes", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "department", "upload", "large_preview", "sizes"]}),
        (_("展示"), {"fields": [("starts_at", "ends_at"), "sort_order", "is_active"]}),
        (
            _("点击海报后打开"),
            {
                "fields": [
                    "link_type",
                    "link_department",
                    "link_service_type",
                    "link_case_kind",
                    "link_url",
                ],
                "description": _("选择链接类型后，只填写对应的一项。"),
            },
        ),
        (_("记录"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Any active department or service may be the target, not only the user's.
        if db_field.name == "link_department":
            field.queryset = department_selectors.department_list()
        elif db_field.name == "link_service_type":
            field.queryset = department_selectors.service_type_list()
            field.label_from_instance = lambda service: (
                f"{service.window.department.name} · {service.name}"
            )
        return field

    def save_model(self, request, obj, form, change):
        services.poster_save(poster=obj, image=form.cleaned_data.get("upload"))

    def delete_model(self, request, obj):
        services.poster_delete(poster=obj)

    @admin.display(description=_("图片"))
    def preview(self, poster):
        return image_preview(poster.image_750, size=80)

    @admin.display(description=_("当前图片"))
    def large_preview(self, poster):
        return image_preview(poster.image_750, size=375)

    @admin.display(description=_("尺寸"))
    def sizes(self, poster):
        if not poster.image:
            return "—"
        return _("原图 %(w)d×%(h)d，手机图 %(w750)d×%(h750)d") % {
            "w": poster.width,
            "h": poster.height,
            "w750": poster.width_750,
            "h750": poster.height_750,
        }

    @admin.display(description=_("展示中"), boolean=True)
    def showing_now(self, poster):
        now = timezone.now()
        return (
            poster.is_active
            and poster.starts_at <= now
            and (poster.ends_at is None or poster.ends_at > now)
        )


class PhotoInline(admin.TabularInline):
    """Captions, dates and order of the album's photos; new photos come from the
    album form's multiple upload, so the inline adds none itself."""

    model = Photo
    extra = 0
    fields = ["preview", "caption", "taken_on", "sort_order", "size"]
    readonly_fields = ["preview", "size"]
    ordering = ["sort_order", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("缩略图"))
    def preview(self, photo):
        return image_preview(photo.thumbnail, size=96)

    @admin.display(description=_("原图尺寸"))
    def size(self, photo):
        return f"{photo.width}×{photo.height}"


@admin.register(Album)
class AlbumAdmin(DepartmentOwnedAdmin):
    form = AlbumForm
    staff_department_help = _(
        "请选择您负责的部门之一：您只能为自己的部门建相册。全市相册由督办人员维护。"
    )
    staff_department_required = _("请选择相册所属的部门（您负责的部门之一）。")
    inlines = [PhotoInline]
    list_display = [
        "cover_preview",
        "title",
        "department_label",
        "photo_count",
        "is_published",
        "published_on",
    ]
    list_display_links = ["cover_preview", "title"]
    list_filter = [
        "is_published",
        ("department", ScopedDepartmentFilter),
    ]
    search_fields = ["title", "description"]
    date_hierarchy = "published_on"
    readonly_fields = ["cover_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "description", "department"]}),
        (_("照片"), {"fields": ["new_photos", "cover", "cover_preview"]}),
        (_("发布"), {"fields": ["is_published", "published_on"]}),
        (_("记录"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return selectors.albums_for_staff(albums=super().get_queryset(request))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if prepared := form.cleaned_data.get("new_photos"):
            services.photos_add(album=form.instance, files=prepared, actor=request.user)

    def delete_model(self, request, obj):
        services.album_delete(album=obj)

    @admin.display(description=_("封面"))
    def cover_preview(self, album):
        photo = selectors.album_cover(album=album) if album.pk else None
        return image_preview(photo.thumbnail if photo else None, size=64)

    @admin.display(description=_("照片数"), ordering="photo_count")
    def photo_count(self, album):
        return album.photo_count
