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
