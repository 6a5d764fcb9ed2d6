"""Answer 503 when the database or the cache is unreachable, instead of a 500 page.

Every write runs in a transaction, so a request cut off by a lost database leaves
nothing half-written; the client is told to retry, and CONN_HEALTH_CHECKS makes
the next request reconnect by itself once the database is back.

The cache (Redis, when REDIS_URL is set) holds the throttles' counters: submissions,
look-ups and ratings cannot be counted without it, and letting them through
uncounted would lift the limits for anyone able to upset Redis. So they answer 503
too, before anything is written (throttles run before the view's work); redis-py
reconnects on the next request once Redis is back. /readyz reports the lost cache.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

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
        return service_unavailable()


# django-redis raises ConnectionInterrupted from redis-py's own errors.
CACHE_ERRORS = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)


class CacheUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CACHE_ERRORS):
            return None
        logger.error("cache unavailable during %s %s", request.method, request.path)
        return service_unavailable()


def service_unavailable() -> JsonResponse:
    response = JsonResponse({"detail": "服务暂时不可用，请稍后重试。"}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
