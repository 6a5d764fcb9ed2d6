"""Fixtures for the cases tests."""

from datetime import datetime

import pytest
from django.utils import timezone

from tests.factories import DepartmentFactory


@pytest.fixture
def department():
    return DepartmentFactory(name="市人力资源和社会保障局")


@pytest.fixture
def freeze_now(monkeypatch):
    """Call with an aware datetime to make `timezone.now()` return it from then on."""

    def freeze(moment: datetime) -> datetime:
        assert timezone.is_aware(moment)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze
