"""One exception handler for the whole API.

Services raise Django's ValidationError and PermissionDenied; this turns them into
the same 400/403 bodies DRF gives for serializer errors, so every client sees one
shape: `{"field": ["中文说明"]}` for field errors, `{"detail": "中文说明"}` otherwise.

DRF's own messages come translated from its zh_Hans catalogue (LANGUAGE_CODE
"zh-hans" finds `rest_framework/locale/zh_Hans`): 不支持请求中的媒体类型, 方法不被允许,
身份认证信息未提供, 请求已被限流... A few are built with `%` and never pass through
gettext, so they reach the client in English: the parsers' "JSON parse error - ...",
"Multipart form parse error - ..." and "Unsupported charset ...", and session
authentication's "CSRF Failed: ...". Those get Chinese messages here.
"""

import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler


def _as_drf_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        detail = {
            ("non_field_errors" if field == "__all__" else field): [
                message for error in errors for message in error.messages
            ]
            for field, errors in exc.error_dict.items()
        }
    else:
        detail = {"non_field_errors": exc.messages}
    return exceptions.ValidationError(detail)


def _parse_error_message(exc: exceptions.ParseError) -> str:
    """A Chinese message for a body DRF's parsers could not read.

    The parser raised the ParseError while handling the real error, so that error
    is its `__context__`: the JSON position is worth keeping for client authors.
    """
    cause = exc.__context__
    if isinstance(cause, json.JSONDecodeError):
        return _("请求内容不是有效的 JSON（第 %(line)d 行第 %(column)d 列）。") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    if isinstance(cause, UnicodeError):
        return _("请求内容的字符编码有误，请使用 UTF-8。")
    if isinstance(cause, ValueError):
        # json's other ValueErrors: NaN/Infinity, refused in strict mode.
        return _("请求内容不是有效的 JSON。")
    if isinstance(cause, MultiPartParserError):
        return _("表单数据格式有误，无法读取。")
    if isinstance(cause, LookupError):
        return _("请求头 Content-Type 中的字符编码不受支持，请使用 UTF-8。")
    # Only parsers raise ParseError (this project never does), so any other one is
    # also an unreadable body.
    return _("请求内容格式有误，无法读取。")


def portal_exception_handler(exc, context):
    if isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(_parse_error_message(exc))
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith(
        "CSRF Failed"
    ):
        # Only a logged-in session without its CSRF token gets here.
        exc = exceptions.PermissionDenied(_("页面已过期，请刷新页面后重试。"))
    elif isinstance(exc, DjangoValidationError):
        exc = _as_drf_error(exc)
    elif isinstance(exc, Http404):
        # get_object_or_404 says "No Case matches the given query." in English and
        # names the model; citizens get DRF's translated 未找到。 instead.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # A bare list (DRF's own SearchFilter raises one) is neither documented
        # shape; it becomes the errors of no one field.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return exception_handler(exc, context)
