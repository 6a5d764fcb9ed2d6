"""Small admin helpers shared by the apps."""

from django.utils.html import format_html


def image_preview(image_field, *, size: int = 64) -> str:
    """An <img> thumbnail of an ImageField for list and change pages, or a dash."""
    if not image_field:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;'
        'border-radius:4px;object-fit:cover">',
        image_field.url,
        size,
        size,
    )
