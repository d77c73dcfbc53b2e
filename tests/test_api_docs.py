"""The interactive API docs page works offline: every script and stylesheet it loads is served
by the app itself (drf-spectacular-sidecar), none from a CDN."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_docs_page_loads_only_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)
    assert any("swagger-ui" in asset for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by the app"
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is missing"
    # The page's own start-up script is a separate file too, as the content security policy
    # allows no inline script.
    assert '<script src="/api/v1/docs/?script="></script>' in page
    assert "/api/v1/schema/" in client.get("/api/v1/docs/?script=").content.decode()
