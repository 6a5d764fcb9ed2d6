"""Forwarded headers count only from TRUSTED_PROXIES (portal/proxies.py).

The attack: gunicorn reached directly, past nginx, with X-Forwarded-Proto: https
(the portal then believes the request came over TLS) and a new X-Forwarded-For on
every request (a fresh throttle budget each time).
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from kernel import throttles
from portal import proxies
from tests.cases.helpers import LOOKUP_URL

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.5"
PROXY = "127.0.0.1"


@pytest.fixture
def behind_tls_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.1.0.0/16"]


def test_a_forged_forwarded_proto_from_an_untrusted_address_is_ignored(
    behind_tls_proxy,
):
    response = Client().get(
        "/healthz", REMOTE_ADDR=ATTACKER, headers={"X-Forwarded-Proto": "https"}
    )

    # Plain http after all: sent to https like any other plain request.
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/healthz"


@pytest.mark.parametrize("proxy", [PROXY, "::1", "::ffff:127.0.0.1", "10.1.2.3"])
def test_the_forwarded_proto_of_a_trusted_proxy_is_honoured(behind_tls_proxy, proxy):
    response = Client().get(
        "/healthz", REMOTE_ADDR=proxy, headers={"X-Forwarded-Proto": "https"}
    )

    assert response.status_code == 200


@pytest.fixture
def lookups_twice_an_hour(settings, monkeypatch):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {**SimpleRateThrottle.THROTTLE_RATES, "case_lookup": "2/hour"},
    )
    monkeypatch.setattr(throttles, "now", lambda: 1795659000.0)


def look_up(client, *, remote, forwarded):
    return client.post(
        LOOKUP_URL,
        {"number": "ZX-20261126-0001", "query_code": "ABCDEFGH"},
        format="json",
        REMOTE_ADDR=remote,
        headers={"X-Forwarded-For": forwarded},
    )


def test_a_client_cannot_dodge_the_throttle_with_a_new_forwarded_for(
    lookups_twice_an_hour,
):
    client = APIClient()
    answers = [
        look_up(client, remote=ATTACKER, forwarded=f"198.51.100.{n}").status_code
        for n in range(4)
    ]

    # Counted as the attacker's own address: the third try is refused.
    assert answers == [404, 404, 429, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(
    lookups_twice_an_hour,
):
    client = APIClient()
    for _ in range(2):
        look_up(client, remote=PROXY, forwarded="198.51.100.1")

    same = look_up(client, remote=PROXY, forwarded="198.51.100.1")
    other = look_up(client, remote=PROXY, forwarded="198.51.100.2")

    assert same.status_code == 429
    assert other.status_code == 404


def test_every_forwarding_header_of_an_untrusted_peer_is_dropped(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    meta = {
        "REMOTE_ADDR": ATTACKER,
        "HTTP_X_FORWARDED_FOR": "1.2.3.4",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "evil.example",
        "HTTP_FORWARDED": "for=1.2.3.4;proto=https",
        "HTTP_X_REAL_IP": "1.2.3.4",
        "HTTP_USER_AGENT": "curl",
    }

    proxies.drop_untrusted_forwarding(meta)

    assert meta == {"REMOTE_ADDR": ATTACKER, "HTTP_USER_AGENT": "curl"}


def test_a_unix_socket_peer_counts_as_the_local_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    meta = {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}

    proxies.drop_untrusted_forwarding(meta)

    assert meta["HTTP_X_FORWARDED_FOR"] == "198.51.100.1"
