"""A version string in Django's cache that every process compares, so that a
table each process keeps in memory (the sensitive words' automaton, the
department look-ups) is reloaded everywhere once any process changes it."""

import uuid

from django.core.cache import cache as shared_cache


def version_bump(key: str) -> None:
    """Tell every process that what `key` versions has changed."""
    shared_cache.set(key, uuid.uuid4().hex, timeout=None)


def current_version(key: str) -> str:
    """The version every process compares its copy with."""
    version = shared_cache.get(key)
    if version is None:
        # First use since the cache was emptied: agree on a version to compare.
        shared_cache.add(key, uuid.uuid4().hex, timeout=None)
        version = shared_cache.get(key, "")
    return version
