"""`{% todo_items as items %}`: the 待办 of the admin header (portal/todo.py).

Asked only by templates/admin/base_site.html, and only for a signed-in staff
user: the error pages render that template without a request or a database."""

from django import template

from portal.todo import todo_items as _todo_items

register = template.Library()


@register.simple_tag(takes_context=True)
def todo_items(context):
    request = context.get("request")
    if request is None or not context.get("has_permission"):
        return []
    return _todo_items(user=request.user)
