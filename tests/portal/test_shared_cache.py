"""One cache for every worker: without Redis the limits are counted in the database,
and a production start with a cache in each process's memory is refused by
`check --deploy` (portal.E002).

`make run` starts gunicorn with several workers; with a cache in each worker's
memory the attack got 10 wrong codes where the limit is 5, and 60 impressions an
hour where it is 30.
"""

import os
import shutil
import subprocess
import sys
import uuid
from datetime import timedelta
from unittest import mock

import pytest
import redis
import redis.connection
from django.core import checks
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kernel import throttles
from tests.portal.test_settings import PRODUCTION, ROOT
from tests.services import REDIS_BACKEND, REDIS_TEST_URL, need_redis

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
DATABASE = {
    "default": {"BACKEND": "portal.cache.DatabaseCache", "LOCATION": "test_cache"}
}
REDIS = {
    "default": {
        "BACKEND": REDIS_BACKEND,
        "LOCATION": REDIS_TEST_URL,
    }
}


def deploy_errors() -> list[str]:
    found = checks.run_checks(include_deployment_checks=True, tags=["caches"])
    return [message.id for message in found]


@pytest.mark.parametrize("caches", [LOCMEM, DUMMY], ids=["locmem", "dummy"])
def test_a_production_start_with_a_per_process_cache_is_a_deploy_error(
    settings, caches
):
    settings.DEBUG = False
    settings.CACHES = caches

    assert "portal.E002" in deploy_errors()
    # Only `check --deploy`: a plain check (migrate, shell) still runs.
    assert "portal.E002" not in [
        message.id for message in checks.run_checks(tags=["caches"])
    ]


@pytest.mark.parametrize("caches", [DATABASE, REDIS], ids=["database", "redis"])
def test_a_shared_cache_passes(settings, caches):
    settings.DEBUG = False
    settings.CACHES = caches

    assert "portal.E002" not in deploy_errors()


def test_development_may_keep_the_cache_in_memory(settings):
    settings.DEBUG = True
    settings.CACHES = LOCMEM

    assert "portal.E002" not in deploy_errors()


def _python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="portal.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_redis_a_production_start_keeps_its_cache_in_the_database():
    result = _python(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )

    assert result.stdout.strip() == "portal.cache.DatabaseCache", result.stderr


def test_two_worker_processes_count_against_one_limit(tmp_path):
    database = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    make_table = (
        "from django.core.management import call_command; "
        "call_command('createcachetable')"
    )
    # Twice, as every `make migrate` does: the second run leaves the table alone.
    for _ in range(2):
        made = _python(make_table, DATABASE_URL=database)
        assert made.returncode == 0, made.stderr
    three_hits = (
        "from kernel import throttles; "
        "print(*[throttles.hit(scope='case_code_failure', ident='203.0.113.66', "
        "duration=3600, now=1795659000.0).count for _ in range(3)])"
    )

    first = _python(three_hits, DATABASE_URL=database)
    second = _python(three_hits, DATABASE_URL=database)

    assert first.stdout.split() == ["1", "2", "3"], first.stderr
    assert second.stdout.split() == ["4", "5", "6"], second.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_migrate_makes_the_cache_table():
    recipe = subprocess.run(
        ["make", "-n", "migrate"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout

    assert "manage.py createcachetable" in recipe


@pytest.mark.django_db
def test_the_database_cache_increments_in_place_and_keeps_the_expiry(settings):
    settings.CACHES = DATABASE
    call_command("createcachetable", verbosity=0)
    cache.add("counter", 0, 600)
    expires_before = _expiry("counter")

    assert [cache.incr("counter") for _ in range(3)] == [1, 2, 3]
    assert cache.decr("counter") == 2
    assert cache.get("counter") == 2
    assert _expiry("counter") == expires_before
    with pytest.raises(ValueError):
        cache.incr("never-added")


@pytest.mark.django_db
def test_the_database_cache_does_not_count_on_an_expired_counter(settings, monkeypatch):
    settings.CACHES = DATABASE
    call_command("createcachetable", verbosity=0)
    cache.add("counter", 0, 60)
    later = timezone.now() + timedelta(seconds=120)
    monkeypatch.setattr("portal.cache.tz_now", lambda: later)

    with pytest.raises(ValueError):
        cache.incr("counter")


@pytest.mark.django_db
def test_a_hit_on_a_window_already_counted_is_one_increment(settings):
    settings.CACHES = DATABASE
    call_command("createcachetable", verbosity=0)
    first = throttles.hit(scope="case_lookup", ident="203.0.113.9", duration=60, now=0)

    # The counter exists: no add before the increment (a statement saved on
    # every limited request, a round trip in Redis).
    with CaptureQueriesContext(connection) as queries:
        second = throttles.hit(
            scope="case_lookup", ident="203.0.113.9", duration=60, now=1
        )

    statements = [q["sql"].split()[0] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert statements == ["SELECT", "UPDATE"]  # the row, locked; its new count
    assert (first.count, second.count) == (1, 2)
    assert second.key == first.key


def _expiry(key):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires FROM test_cache WHERE cache_key = %s",
            [cache.make_key(key)],
        )
        return cursor.fetchone()[0]


def test_a_redis_counter_keeps_its_expiry(settings):
    need_redis()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**REDIS["default"], "KEY_PREFIX": prefix}}

    counted = throttles.hit(scope="impression", ident="x", duration=3600, now=1.0)
    throttles.hit(scope="impression", ident="x", duration=3600, now=2.0)

    client = redis.Redis.from_url(REDIS_TEST_URL)
    (key,) = list(client.scan_iter(f"{prefix}:*"))
    assert client.get(key) == b"2"
    assert 0 < client.ttl(key) <= 3600
    client.delete(key)
    assert counted.count == 1


def test_a_redis_hit_on_a_window_already_counted_is_one_round_trip(settings):
    """Django's own backend sent EXISTS then INCRBY, each through a redis-py
    client built for the call; django-redis sends one script on one client."""
    need_redis()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**REDIS["default"], "KEY_PREFIX": prefix}}
    throttles.hit(scope="impression", ident="y", duration=3600, now=1.0)
    sent = []
    real_send = redis.connection.AbstractConnection.send_packed_command

    def counted_send(self, command, *args, **kwargs):
        sent.append(command)
        return real_send(self, command, *args, **kwargs)

    with mock.patch.object(
        redis.connection.AbstractConnection, "send_packed_command", counted_send
    ):
        second = throttles.hit(scope="impression", ident="y", duration=3600, now=2.0)

    assert second.count == 2
    assert len(sent) == 1
    client = redis.Redis.from_url(REDIS_TEST_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
