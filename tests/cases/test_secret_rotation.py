"""Rotating SECRET_KEY keeps every citizen's query code working: the old key goes in
SECRET_KEY_FALLBACKS (comma-separated in the environment) and the look-up still
finds the case. The settings are read from the environment exactly as a
deployment reads them, by running portal/settings.py afresh."""

import importlib.util
from pathlib import Path

import pytest
from django.test import override_settings

from tests.cases.helpers import LOOKUP_URL, submit_case

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
KEY_A = "old-production-key-" + "a" * 40
KEY_B = "new-production-key-" + "b" * 40
KEY_OLDER = "older-production-key-" + "c" * 40


def settings_from_environment(monkeypatch, **variables):
    """portal/settings.py as a process started with these variables would see it."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("rotated_settings", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def look_up(api_client, number, code):
    return api_client.post(
        LOOKUP_URL, {"number": number, "query_code": code}, format="json"
    )


def test_an_old_query_code_still_finds_its_case_after_a_key_rotation(
    api_client, monkeypatch
):
    with override_settings(SECRET_KEY=KEY_A, SECRET_KEY_FALLBACKS=[]):
        submitted = submit_case()
        number, code = submitted.case.number, submitted.query_code

    rotated = settings_from_environment(
        monkeypatch,
        SECRET_KEY=KEY_B,
        SECRET_KEY_FALLBACKS=f"{KEY_A},{KEY_OLDER}",
    )
    assert rotated.SECRET_KEY == KEY_B
    # Django's default when settings never set it is no fallbacks at all.
    with override_settings(
        SECRET_KEY=rotated.SECRET_KEY,
        SECRET_KEY_FALLBACKS=getattr(rotated, "SECRET_KEY_FALLBACKS", []),
    ):
        response = look_up(api_client, number, code)

    assert response.status_code == 200, response.content
    assert response.json()["number"] == number


def test_without_the_fallback_the_old_code_is_not_found(api_client, monkeypatch):
    # The other half of the rotation: once the old key is dropped, so are its codes.
    with override_settings(SECRET_KEY=KEY_A, SECRET_KEY_FALLBACKS=[]):
        submitted = submit_case()

    rotated = settings_from_environment(
        monkeypatch, SECRET_KEY=KEY_B, SECRET_KEY_FALLBACKS=""
    )
    assert rotated.SECRET_KEY_FALLBACKS == []
    with override_settings(
        SECRET_KEY=rotated.SECRET_KEY,
        SECRET_KEY_FALLBACKS=rotated.SECRET_KEY_FALLBACKS,
    ):
        response = look_up(api_client, submitted.case.number, submitted.query_code)

    assert response.status_code == 404


def test_cases_submitted_after_the_rotation_use_the_new_key(api_client, monkeypatch):
    rotated = settings_from_environment(
        monkeypatch, SECRET_KEY=KEY_B, SECRET_KEY_FALLBACKS=KEY_A
    )
    with override_settings(
        SECRET_KEY=rotated.SECRET_KEY,
        SECRET_KEY_FALLBACKS=rotated.SECRET_KEY_FALLBACKS,
    ):
        submitted = submit_case()
    with override_settings(SECRET_KEY=KEY_B, SECRET_KEY_FALLBACKS=[]):
        response = look_up(api_client, submitted.case.number, submitted.query_code)

    assert response.status_code == 200
