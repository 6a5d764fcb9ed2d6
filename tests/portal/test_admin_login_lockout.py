"""Guessing passwords at /admin/login/ locks the guesser out (portal/login_guard/):
a user name at one address after AXES_FAILURE_LIMIT failures, an address after
AXES_ADDRESS_FAILURE_LIMIT failures with any user names. Supervisors unlock."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import DELETION, LogEntry
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "pass-12345!"
LOCKED = (
    "登录失败次数过多，已暂时锁定。请 15 分钟后再试；如需立即解锁，请联系督办人员。"
)
OFFICE = "10.1.1.1"
ELSEWHERE = "10.9.9.9"


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user(
        username="clerk", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user(
        username="colleague", password=PASSWORD, is_staff=True
    )


def log_in(username, password, address=OFFICE, client=None, **headers):
    client = client or Client()
    response = client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )
    return client, response


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(username, times, address=OFFICE):
    for attempt in range(times):
        _, response = log_in(username, f"wrong-{attempt}", address)
    return response


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(clerk):
    last_wrong = fail("clerk", 5)

    client, response = log_in("clerk", PASSWORD)

    assert last_wrong.status_code == 429
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "登录已暂时锁定" in page
    assert "返回登录页" in page
    assert int(response["Retry-After"]) == 15 * 60
    assert not logged_in(client)


def test_four_wrong_passwords_still_let_the_right_one_in(clerk):
    fail("clerk", 4)

    client, response = log_in("clerk", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_another_user_at_the_same_address_is_not_locked_out(clerk, colleague):
    fail("clerk", 6)

    client, response = log_in("colleague", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_user_is_not_locked_out_of_her_own_office_by_guesses_elsewhere(clerk):
    fail("clerk", 6, address=ELSEWHERE)

    client, response = log_in("clerk", PASSWORD, address=OFFICE)

    assert response.status_code == 302
    assert logged_in(client)


def test_an_address_trying_many_user_names_is_locked_for_everyone(colleague, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(8):
        fail(f"guess{number}", 1)

    client, response = log_in("colleague", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    _, from_elsewhere = log_in("colleague", PASSWORD, address=ELSEWHERE)
    assert from_elsewhere.status_code == 302


def test_a_forged_forwarded_for_header_does_not_give_new_tries(clerk):
    # NUM_PROXIES=0: X-Forwarded-For is the client's own claim and is ignored.
    for attempt in range(5):
        log_in("clerk", "wrong", **{"X-Forwarded-For": f"192.0.2.{attempt}"})

    _, response = log_in("clerk", PASSWORD, **{"X-Forwarded-For": "192.0.2.99"})

    assert response.status_code == 429


def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(clerk, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    for _ in range(5):
        log_in("clerk", "wrong", address="10.0.0.2", **{"X-Forwarded-For": OFFICE})

    locked = log_in(
        "clerk", PASSWORD, address="10.0.0.2", **{"X-Forwarded-For": OFFICE}
    )
    other = log_in(
        "clerk", PASSWORD, address="10.0.0.2", **{"X-Forwarded-For": ELSEWHERE}
    )

    assert locked[1].status_code == 429
    assert other[1].status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}


def test_the_lockout_ends_after_the_cool_off(clerk):
    fail("clerk", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    client, response = log_in("clerk", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_password_is_never_stored_with_the_failures(clerk):
    log_in("clerk", "my-secret-guess")

    attempt = AccessAttempt.objects.get()
    assert "my-secret-guess" not in attempt.post_data


def test_a_supervisor_sees_the_lockout_and_unlocks_it(clerk, supervisor, login):
    fail("clerk", 5)
    staff = login(supervisor)

    listing = staff.get("/admin/axes/accessattempt/")
    page = listing.content.decode()
    assert listing.status_code == 200
    assert "登录失败记录" in page
    assert "已锁定" in page
    assert "clerk" in page
    assert "解除所选记录的锁定" in page

    attempt = AccessAttempt.objects.get()
    unlocked = staff.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock", "_selected_action": [attempt.pk]},
        follow=True,
    )

    assert "已解除 1 条记录的锁定，可以重新登录。" in unlocked.content.decode()
    assert not AccessAttempt.objects.exists()
    assert LogEntry.objects.get(action_flag=DELETION).user == supervisor
    client, response = log_in("clerk", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_back_office_lists_login_security_for_supervisors(supervisor, login):
    index = login(supervisor).get("/admin/axes/").content.decode()

    assert "登录安全" in index
    assert "登录失败记录" in index


def test_an_officer_cannot_see_or_clear_the_lockouts(clerk, officer_a, login):
    fail("clerk", 5)
    attempt = AccessAttempt.objects.get()
    staff = login(officer_a)

    assert staff.get("/admin/axes/accessattempt/").status_code == 403
    staff.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock", "_selected_action": [attempt.pk]},
    )
    assert AccessAttempt.objects.exists()
