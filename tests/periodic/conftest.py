"""Each test registers its own jobs in an empty registry, so the apps' real jobs
(retention, reminders) never run here unless a test asks for them."""

import pytest

from periodic import registry


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(registry, "_jobs", {})
    return registry
