"""The OpenAPI schema and its docs page work with no network."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_describes_the_v1_endpoints(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/departments/" in paths
    assert "/api/v1/departments/{id}/" in paths
    assert "/api/v1/service-types/" in paths
    assert "/api/v1/leaders/" in paths


def test_docs_page_loads_every_asset_from_the_portal_itself(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in asset for asset in assets)
    assert all(asset.startswith("/") for asset in assets), assets


def test_h5_page_and_health_check_answer(client):
    assert client.get("/").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok"}
