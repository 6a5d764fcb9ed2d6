"""Chinese error pages for every URL, in the look of the part of the site they are in.

Django's own 400/403/404/500 pages are English and unstyled. `portal/urls.py` names
the handlers below; each picks its form by path:

- `/api/...`: JSON `{"detail": "中文说明"}`, the shape of
  `kernel.api.exceptions.portal_exception_handler`, for URLs no API view answers.
- `/open311/...`: GeoReport v2's `errors` list, in XML for a `.xml` path
  (open311.errors), as the interface's own errors are.
- `/admin/...`: a back-office page (extends `admin/base_site.html`) with a link back
  to 后台首页.
- everything else: a page in the H5 client's style with a link back to 首页.

A body over DATA_UPLOAD_MAX_MEMORY_SIZE reaches `bad_request` as RequestDataTooBig
and is answered 413 (what it is) rather than 400, in the same three forms. An admin
list asked to filter by a personal field (kernel.admin_privacy) gets a 400 that
names the field and says how to find a caller instead.

The 500 page and the 400 page are rendered without a request context: a 500 may come
from a lost database or a broken context processor, and a 400 (a disallowed Host) is
raised before the authentication middleware has set `request.user`. If even that
rendering fails, a fixed page is sent, so an error page can never itself fail.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from kernel.admin_privacy import PersonalLookupRefused
from open311 import errors as open311_errors

FALLBACK_PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title} - 微政务</title></head><body>"
    "<h1>{title}</h1><p>{message}</p>"
    '<p><a href="/">返回首页</a></p></body></html>'
)


def _messages(status: int) -> tuple[str, str]:
    """(title, what happened and what to do) for a status, shown in every area."""
    return {
        400: (_("请求有误"), _("无法处理这个请求，请检查后重试。")),
        403: (_("没有权限"), _("您没有访问这个页面的权限。")),
        413: (_("内容过大"), _("提交的内容过大，请删减后重试。")),
        404: (
            _("页面不存在"),
            _("您访问的页面不存在，或者您没有查看它的权限。请检查网址是否正确。"),
        ),
        500: (
            _("服务暂时不可用"),
            _("系统出现了问题，我们会尽快处理。请稍后再试。"),
        ),
    }[status]


def _api_message(status: int) -> str:
    """The `detail` for an API client: these URLs are endpoints, not pages."""
    return {
        400: _("无法处理这个请求，请检查后重试。"),
        403: _("您没有执行该操作的权限。"),
        404: _("没有这个接口，请检查网址。"),
        413: _("请求内容过大（不能超过 %(size)d MB），请删减后重试。")
        % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
        500: _("服务暂时不可用，请稍后再试。"),
    }[status]


def _area(request) -> str:
    path = request.path_info
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/open311/"):
        return "open311"
    if path.startswith("/admin/"):
        return "admin"
    return "h5"


def _render(
    request, status: int, *, with_request: bool, message: str | None = None
) -> HttpResponse:
    area = _area(request)
    if area == "api":
        return JsonResponse({"detail": _api_message(status)}, status=status)
    if area == "open311":
        return open311_errors.plain_error_response(
            path=request.path_info, status_code=status, description=_api_message(status)
        )
    title, default_message = _messages(status)
    message = message or default_message
    context = {
        "status": status,
        "title": title,
        "message": message,
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
    }
    template = "admin/error.html" if area == "admin" else "h5/error.html"
    try:
        if with_request and area == "admin":
            # The header's user links and the sidebar, as on every admin page.
            context = admin.site.each_context(request) | context
        body = loader.render_to_string(
            template, context, request=request if with_request else None
        )
    except Exception:
        # An error page must not fail in turn: send the fixed one instead.
        body = FALLBACK_PAGE.format(title=title, message=message)
    return HttpResponse(body, status=status)


def bad_request(request, exception):
    if isinstance(exception, PersonalLookupRefused):
        message = _(
            "列表不能按“%(field)s”筛选。联系人姓名和电话请在搜索框中完整输入，"
            "按联系方式找到的诉求会记入联系方式查看记录。"
        ) % {"field": exception.label}
        return _render(request, 400, with_request=False, message=message)
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    return _render(request, status, with_request=False)


def permission_denied(request, exception):
    return _render(request, 403, with_request=True)


def page_not_found(request, exception):
    return _render(request, 404, with_request=True)


def server_error(request):
    return _render(request, 500, with_request=False)
