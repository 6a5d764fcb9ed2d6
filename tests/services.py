"""The outside services some tests need (PostgreSQL, Redis): skipped on a
developer's machine without them, required in CI (CI=1), where they run."""

import os

import pytest
import redis

# Database 15, with a key prefix per test: other tests and workers share Redis.
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
# The cache backend production runs with REDIS_URL (portal/settings.py).
REDIS_BACKEND = "django_redis.cache.RedisCache"


def need(service: str, available: bool) -> None:
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{service} is required in CI")
    pytest.skip(f"needs {service}")


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def need_redis() -> None:
    need("Redis at 127.0.0.1:6379", redis_answers())
