"""Fixtures shared by every test: a throwaway MEDIA_ROOT and the named users."""

from datetime import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real passwords, not test users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters and cached pages live in the cache; tests must not share
    # them, nor the knowledge base's words this process holds (checked against
    # the cache's version only once a second).
    from knowledge import terms

    cache.clear()
    terms.forget()
    yield
    cache.clear()
    terms.forget()


@pytest.fixture(autouse=True)
def _notifications_outbox():
    # Tests send through the locmem backends (pyproject's env); each starts empty.
    from notifications.backends import locmem

    locmem.outbox.clear()
    yield
    locmem.outbox.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", password="root-pass-123", email="root@example.com"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


# The named users of the back office: an officer of department A, an officer of
# department B, a head of A, a supervisor. Permission tests read as sentences.


@pytest.fixture
def department_a(db):
    from tests.factories import DepartmentFactory

    return DepartmentFactory(name="劳动和社会保障局", code="dept-a")


@pytest.fixture
def department_b(db):
    from tests.factories import DepartmentFactory

    return DepartmentFactory(name="环境保护局", code="dept-b")


def _staff(django_user_model, username, department=None, role="officer"):
    from departments import services

    user = django_user_model.objects.create_user(
        username=username, password="pass-12345!"
    )
    if department is not None:
        services.staff_grant(user=user, department=department, role=role)
    return user


@pytest.fixture
def officer_a(django_user_model, department_a):
    return _staff(django_user_model, "officer_a", department_a)


@pytest.fixture
def officer_b(django_user_model, department_b):
    return _staff(django_user_model, "officer_b", department_b)


@pytest.fixture
def head_a(django_user_model, department_a):
    return _staff(django_user_model, "head_a", department_a, role="head")


@pytest.fixture
def supervisor(django_user_model):
    from django.contrib.auth.models import Group

    from departments.roles import SUPERVISOR_GROUP, ensure_role_groups

    ensure_role_groups()
    user = _staff(django_user_model, "supervisor")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=SUPERVISOR_GROUP))
    return user


@pytest.fixture
def dispatcher(django_user_model):
    """分拨员: works the city's dispatch queue; holds no department."""
    from django.contrib.auth.models import Group

    from departments.roles import DISPATCHER_GROUP, ensure_role_groups

    ensure_role_groups()
    user = _staff(django_user_model, "dispatcher")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=DISPATCHER_GROUP))
    return user


@pytest.fixture
def login(client):
    """`login(user)` returns the test client logged in as that user."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def freeze_now(monkeypatch):
    """Call with an aware datetime to make `timezone.now()` return it from then on."""

    def freeze(moment: datetime) -> datetime:
        assert timezone.is_aware(moment)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def rates(monkeypatch):
    """Set throttle rates; DRF reads them from a class attribute fixed at import."""

    def set_rates(**overrides):
        monkeypatch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {**SimpleRateThrottle.THROTTLE_RATES, **overrides},
        )

    return set_rates


@pytest.fixture
def no_synonyms(monkeypatch):
    """The search service without the knowledge base's synonym expander: the
    tests of the bigram search itself (the synonyms have their own tests in
    tests/knowledge/)."""
    from kernel import search_text

    monkeypatch.setattr(search_text, "_expanders", [])


@pytest.fixture
def tasks_at_once(settings):
    """Tasks run as they are enqueued, inside the caller's transaction, instead
    of waiting for `manage.py db_worker` (e.g. the staff's new-case alert)."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
