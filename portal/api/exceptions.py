"""One exception handler for the whole API.

Services raise Django's ValidationError and PermissionDenied; this turns them into
the same 400/403 bodies DRF gives for serializer errors, so every client sees one
shape: `{"field": ["中文说明"]}` for field errors, `{"detail": "中文说明"}` otherwise.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
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


def portal_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = _as_drf_error(exc)
    elif isinstance(exc, Http404):
        # get_object_or_404 says "No Case matches the given query." in English and
        # names the model; citizens get DRF's translated 未找到。 instead.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return exception_handler(exc, context)
