"""Rate limits per token (per account) and per address for anonymous callers: a caller over
the limit gets a JSON 429 saying when to retry, and other callers are not affected."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.authtoken.models import Token

from config.env import env_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def _set(token: str, anon: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"token": token, "anon": anon},
        }

    return _set


def test_token_over_its_rate_gets_json_429_with_retry_after(client, users, rates):
    rates(token="3/minute", anon="100/minute")
    key = Token.objects.create(user=users["reviewer"]).key
    other = Token.objects.create(user=users["editor"]).key
    statuses = [
        client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}").status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    throttled = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}")
    assert throttled["Content-Type"] == "application/json"
    assert throttled.json()["error"] == "throttled"
    assert "available in" in throttled.json()["message"]
    assert int(throttled["Retry-After"]) > 0
    # Another token has a budget of its own.
    assert client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {other}").status_code == 200


def test_regenerating_the_token_does_not_reset_the_budget(client, users, rates):
    from provenance.services.tokens import token_regenerate

    rates(token="2/minute", anon="100/minute")
    for _ in range(2):
        key = token_regenerate(user=users["reviewer"]).key
        client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}")
    key = token_regenerate(user=users["reviewer"]).key
    assert client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 429


def test_anonymous_callers_are_limited_by_address(client, rates):
    rates(token="100/minute", anon="2/minute")
    assert [client.get("/api/v1/schema/").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/api/v1/schema/", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.parametrize("raw", ["100", "0/minute", "10/fortnight", "ten/second", "-5/day"])
def test_a_bad_rate_setting_stops_start_up_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("API_RATE_TOKEN", raw)
    with pytest.raises(ImproperlyConfigured, match="API_RATE_TOKEN"):
        env_rate("API_RATE_TOKEN", "600/minute")


def test_a_good_rate_setting_is_kept(monkeypatch):
    monkeypatch.setenv("API_RATE_TOKEN", "25/second")
    assert env_rate("API_RATE_TOKEN", "600/minute") == "25/second"


# One web process's requests, counted in the cache CACHE_URL names (see the test below).
_REQUESTS = """
import os, sys, django
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR=os.environ["CALLER"])
print(" ".join(str(client.get("/api/v1/schema/").status_code) for _ in range(int(sys.argv[1]))))
"""


def test_with_cache_url_every_process_counts_against_one_budget(tmp_path):
    """Two processes (two gunicorn workers) share one caller's budget when CACHE_URL names
    Redis: the second process's request is the third of two allowed."""
    import os
    import subprocess
    import sys
    import uuid
    from pathlib import Path

    from tests.conftest import port_open, service_unavailable

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis") or not port_open(broker, 6379):
        service_unavailable("redis", "CELERY_BROKER_URL names no running Redis for the cache")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "CACHE_URL": broker,
        "API_RATE_ANON": "2/minute",
        "CALLER": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7",
    }

    def requests(count: int) -> str:
        run = subprocess.run(
            [sys.executable, "-c", _REQUESTS, str(count)],
            cwd=Path(__file__).resolve().parent.parent,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert requests(2) == "200 200"
    assert requests(1) == "429"
