"""Answer 503 when the database is unreachable, instead of a 500 page.

Every write runs in a transaction, so a request cut off by a lost database leaves
nothing half-written; the client is told to retry, and CONN_HEALTH_CHECKS makes
the next request reconnect by itself once the database is back.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # The path only: bodies and query strings may carry personal data.
        logger.error("database unavailable during %s %s", request.method, request.path)
        response = JsonResponse({"detail": "服务暂时不可用，请稍后重试。"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
