"""Deployment security: Django's deploy checks, cookies, CSRF, the content security policy and
login throttling."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "desk.example.org",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "HSTS_SECONDS": "31536000",
    "HSTS_PRELOAD": "true",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_deploy_checks_catch_an_insecure_deployment():
    """The check above can fail: the same settings with DEBUG on and plain cookies do."""
    insecure = {**PRODUCTION, "DEBUG": "true", "SECURE_COOKIES": "false"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **insecure)
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG
    assert "security.W012" in result.stderr  # session cookie not secure


def test_cookies_are_secure_once_a_secret_key_is_set():
    """A deployment that only sets SECRET_KEY already gets secure cookies."""
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    environment.update(
        SECRET_KEY=PRODUCTION["SECRET_KEY"], DJANGO_SETTINGS_MODULE="config.settings"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True"], result.stderr


@pytest.mark.django_db
def test_login_sets_a_secure_http_only_session_cookie(settings, users):
    settings.SESSION_COOKIE_SECURE = True
    users["editor"].set_password("a long enough password")
    users["editor"].save()
    client = Client()
    response = client.post(
        reverse("login"), {"username": "editor", "password": "a long enough password"}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _page_paths(project, claim_id: int) -> list[str]:
    return [
        reverse("project-list"),
        reverse("project-detail", args=[project.pk]),
        reverse("article-upload", args=[project.pk]),
        reverse("review-queue-act"),
        reverse("claim-adjudicate", args=[claim_id]),
        reverse("api-token-regenerate"),
        reverse("logout"),
        reverse("login"),
    ]


@pytest.mark.django_db
def test_page_posts_without_a_csrf_token_are_refused(users, project, ingest):
    article = ingest("The dam displaced 40,000 villagers, officials said.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    for path in _page_paths(project, article.claims.first().pk):
        response = client.post(path, {})
        assert response.status_code == 403, path


@pytest.mark.django_db
def test_session_api_writes_need_csrf_but_token_writes_do_not(users, project):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    session = APIClient(enforce_csrf_checks=True)
    session.force_login(users["reviewer"])
    assert session.post("/api/v1/queue/next/", {"project": project.name}).status_code == 403
    token = Token.objects.create(user=users["reviewer"])
    bearer = APIClient(enforce_csrf_checks=True)
    bearer.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert bearer.post("/api/v1/queue/next/", {"project": project.name}).status_code in (200, 204)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_and_hold_no_inline_script(users, project, ingest):
    article = ingest('The minister said "<script>alert(1)</script>" was posted, AFP reported.')
    client = Client()
    client.force_login(users["editor"])
    paths = [
        reverse("login"),
        reverse("project-list"),
        reverse("project-detail", args=[project.pk]),
        reverse("article-detail", args=[article.pk]),
        reverse("claim-detail", args=[article.claims.first().pk]),
        reverse("review-queue"),
        reverse("api-docs"),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'", path
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        page = response.content.decode()
        assert not _INLINE_SCRIPT.search(page), f"{path} has an inline <script>"
        assert not _INLINE_HANDLER.search(page), f"{path} has an inline event handler"


@pytest.mark.django_db
def test_logins_are_throttled_per_user_and_address(settings, users):
    settings.LOGIN_FAILURE_LIMIT = 3
    users["editor"].set_password("the right password")
    users["editor"].save()
    users["reviewer"].set_password("the right password")
    users["reviewer"].save()
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    third = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert third.status_code == 429
    assert b"Too many failed logins" in third.content
    locked = client.post(reverse("login"), {"username": "editor", "password": "the right password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from the same address, and the same user from elsewhere, still get in.
    other = client.post(
        reverse("login"), {"username": "reviewer", "password": "the right password"}
    )
    assert other.status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.4")
    response = elsewhere.post(
        reverse("login"), {"username": "editor", "password": "the right password"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(settings, users):
    settings.LOGIN_FAILURE_LIMIT = 3
    users["editor"].set_password("the right password")
    users["editor"].save()
    client = Client()
    for _round in range(3):
        for _ in range(2):
            client.post(reverse("login"), {"username": "editor", "password": "wrong"})
        response = client.post(
            reverse("login"), {"username": "editor", "password": "the right password"}
        )
        assert response.status_code == 302
        client.logout()


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked_out_whatever_the_names(settings, users):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    for name in ("editor", "reviewer", "annotator"):
        users[name].set_password("the right password")
        users[name].save()
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("editor", "reviewer", "annotator", "someone"):  # four failures, one a name
        response = sprayer.post(reverse("login"), {"username": name, "password": "guess"})
        assert response.status_code == 200
    # The attacker's own account logging in clears only its own failures.
    own = sprayer.post(reverse("login"), {"username": "reviewer", "password": "the right password"})
    assert own.status_code == 302
    sprayer.logout()
    fourth = sprayer.post(reverse("login"), {"username": "someone else", "password": "guess"})
    fifth = sprayer.post(reverse("login"), {"username": "a third", "password": "guess"})
    assert (fourth.status_code, fifth.status_code) == (200, 429)
    right = sprayer.post(
        reverse("login"), {"username": "annotator", "password": "the right password"}
    )
    assert right.status_code == 429 and "_auth_user_id" not in sprayer.session
    # Elsewhere, the same accounts still get in.
    elsewhere = Client(REMOTE_ADDR="198.51.100.4")
    response = elsewhere.post(
        reverse("login"), {"username": "annotator", "password": "the right password"}
    )
    assert response.status_code == 302
