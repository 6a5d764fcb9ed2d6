"""Errors as GeoReport v2 gives them: a list of `{code, description}` (XML
`<errors><error>`), the code being the HTTP status, the description in Chinese
naming the parameter."""

import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response


class Open311Error(exceptions.APIException):
    """Raised with `errors`: {parameter: message}, or a bare message."""

    def __init__(self, errors: dict[str, str] | str, status_code: int = 400):
        self.status_code = status_code
        super().__init__(errors)


def not_found(what: str) -> Open311Error:
    return Open311Error(what, status.HTTP_404_NOT_FOUND)


def _descriptions(detail) -> list[str]:
    if isinstance(detail, dict):
        return [
            f"{field}：{text}"
            for field, value in detail.items()
            for text in _descriptions(value)
        ]
    if isinstance(detail, list):
        return [text for item in detail for text in _descriptions(item)]
    return [str(detail)]


def open311_exception_handler(exc, context):
    """DRF's handler for the Open311 views; anything else is a 500 as usual."""
    if isinstance(exc, Http404):
        exc = not_found(_("请求的资源不存在。"))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(" ".join(exc.args) or _("无权访问。"))
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if isinstance(exc, exceptions.Throttled):
        exc.detail = _("请求过于频繁，请 %(seconds)d 秒后再试。") % {
            "seconds": exc.wait or 1
        }
        headers["Retry-After"] = str(int(exc.wait or 1))
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc.detail = _("请以 application/x-www-form-urlencoded 表单提交。")
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc.detail = _("不支持 %(method)s 方法。") % {
            "method": context["request"].method
        }
    view = context.get("view")
    if view is not None:
        view.xml_root = "errors"
    body = [
        {"code": exc.status_code, "description": text}
        for text in _descriptions(exc.detail)
    ]
    return Response(body, status=exc.status_code, headers=headers)


def plain_error_response(
    *, path: str, status_code: int, description: str
) -> HttpResponse:
    """The same shape outside DRF, for the site's error handlers (a body too large,
    a 500): XML when the path asks for it, else JSON."""
    # Imported here: formats imports DRF's renderers, which need settings.
    from open311.formats import to_xml

    body = [{"code": status_code, "description": description}]
    if path.endswith(".xml"):
        return HttpResponse(
            to_xml("errors", body), status=status_code, content_type="text/xml"
        )
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status_code,
        content_type="application/json",
    )
