"""Settings read from the environment, and refuse unsafe production set-ups."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "gov.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gov.example.cn",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.cn:587",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE may be set by the browser tests in this worker.
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "HTTPS_ONLY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_secret_key_when_debug_is_off():
    overrides = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    result = _manage("check", env_overrides=overrides)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_reports_nothing_with_production_values():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        (
            "postgres://postgres@127.0.0.1:5432/weizhengwu",
            "django.db.backends.postgresql",
        ),
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_url_picks_the_engine(url, engine):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == engine, result.stderr


def test_redis_url_switches_cache_to_redis():
    code = (
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


def test_site_speaks_simplified_chinese_in_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
