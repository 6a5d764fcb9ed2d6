"""Every page carries the Content-Security-Policy (Django's middleware, SECURE_CSP);
the H5 page's inline scripts carry that response's nonce, and the API docs page has
its own, slightly wider policy. The browser side: tests/browser/
test_content_security_policy.py."""

import re

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part)
    }


def test_the_h5_page_has_a_strict_policy_and_nonced_inline_scripts(client):
    response = client.get("/")

    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    nonce = re.search(r"'nonce-([^']+)'", " ".join(directives["script-src"]))[1]
    html = response.content.decode()
    # A JSON data block (the client config) is never run, so it needs no nonce.
    inline = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html
    )
    assert len(inline) == 2  # the 长辈模式 snippet and the import map
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)


def test_each_response_gets_a_new_nonce(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]

    assert first != second


def test_the_admin_and_the_api_carry_the_policy(client):
    for path in ("/admin/login/", "/api/v1/departments/", "/healthz"):
        assert "default-src 'self'" in client.get(path)["Content-Security-Policy"]


def test_the_api_docs_page_has_no_inline_script(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    directives = policy(response)
    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["img-src"] == ["'self'", "data:"]
    script = re.search(r'<script src="(/api/docs/\?[^"]*script=[^"]*)"', html)[1]
    start_up = client.get(script.replace("&amp;", "&"))
    assert start_up.status_code == 200
    assert b"SwaggerUIBundle" in start_up.content
