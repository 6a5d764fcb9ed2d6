"""Supervisors read the job states in the admin; nobody edits them there."""

from datetime import UTC, datetime, timedelta

import pytest

from periodic import runner

URL = "/admin/periodic/jobstate/"


@pytest.fixture
def a_job_state(jobs, db):
    jobs.register("deliver", every=timedelta(minutes=1), func=lambda *, now: None)
    runner.run_due(now=datetime(2026, 12, 2, 1, 0, tzinfo=UTC))


def test_a_supervisor_sees_the_job_states_read_only(login, supervisor, a_job_state):
    client = login(supervisor)

    page = client.get(URL)

    assert page.status_code == 200
    assert "deliver" in page.content.decode()
    assert client.get(URL + "add/").status_code == 403


def test_an_officer_does_not_see_them(login, officer_a, a_job_state):
    officer_a.is_staff = True
    officer_a.save(update_fields=["is_staff"])

    assert login(officer_a).get(URL).status_code == 403
