"""docker-compose.yml cannot run here (no Docker engine), so its web service's own commands are
run directly: migrate, load_sources, collectstatic and gunicorn, then a request to /healthz/."""

import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _web_steps() -> list[list[str]]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["web"]["command"]
    script = shlex.split(command)[-1]  # sh -c "<steps joined by &&>"
    return [shlex.split(step) for step in script.split("&&")]


def _wait_until_up(server: subprocess.Popen, url: str, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"gunicorn did not answer {url} within {timeout:.0f}s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_services_are_complete():
    compose = _compose()
    assert set(compose["services"]) >= {"web", "worker", "beat", "postgres", "redis"}
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in compose["services"][name], name
    worker = compose["services"]["worker"]["command"]
    assert worker.startswith("celery -A config worker")
    # A worker that exits (say, after a Redis outage it could not ride out) is started again.
    for name, service in compose["services"].items():
        assert service.get("restart") in {"unless-stopped", "always", "on-failure"}, name


def test_web_and_worker_share_the_exports_folder():
    """A worker writes a background export's file and the web service sends it: both mount one
    volume where EXPORT_DIR points, and the image makes that folder for its user."""
    compose = _compose()
    for name in ("web", "worker"):
        service = compose["services"][name]
        folder = service["environment"]["EXPORT_DIR"]
        assert f"exports:{folder}" in service["volumes"], name
    assert "exports" in compose["volumes"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"mkdir -p {folder}" in dockerfile
    assert dockerfile.index(f"mkdir -p {folder}") < dockerfile.index("USER desk")


@pytest.mark.broker
@pytest.mark.timeout(120)
def test_beat_service_command_sends_the_catch_up(tmp_path, settings):
    """The beat service's own command, run against the real broker on a queue of this test's
    own, sends the periodic catch-up task."""
    import json
    import uuid

    import redis

    from tests.conftest import port_open, service_unavailable

    broker = settings.CELERY_BROKER_URL
    if not broker or not port_open(broker, 6379):
        service_unavailable("redis", "the beat test needs CELERY_BROKER_URL pointing at Redis")
    command = shlex.split(_compose()["services"]["beat"]["command"])
    command[command.index("--schedule") + 1] = str(tmp_path / "schedule")
    queue = f"test-beat-{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "CELERY_QUEUE": queue, "CATCHUP_INTERVAL_SECONDS": "5"}
    client = redis.Redis.from_url(broker)
    beat = subprocess.Popen(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not client.llen(queue):
            assert beat.poll() is None, "celery beat exited"
            time.sleep(0.5)
        message = client.lindex(queue, 0)
        assert message is not None, "beat sent nothing within a minute"
        assert json.loads(message)["headers"]["task"] == "provenance.tasks.enqueue_pending"
    finally:
        beat.terminate()
        beat.wait(timeout=30)
        client.delete(queue)


@pytest.mark.timeout(240)
def test_web_service_commands_serve_the_app(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-" + "x" * 20,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    bin_dir = Path(sys.executable).parent
    steps = _web_steps()
    assert [step[:2] for step in steps[:-1]] == [
        ["python", "manage.py"],
        ["python", "manage.py"],
        ["python", "manage.py"],
    ]
    for step in steps[:-1]:
        result = subprocess.run(
            [sys.executable, *step[1:]],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, f"{step}: {result.stderr[-2000:]}"
    gunicorn = steps[-1]
    assert gunicorn[0] == "gunicorn"
    args = [a if a != "0.0.0.0:8000" else f"127.0.0.1:{port}" for a in gunicorn[1:]]
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, f"{base}/healthz/")
        with urllib.request.urlopen(f"{base}/static/css/desk.css", timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


_VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")


def _compose_environment(service: str, overrides: dict[str, str]) -> dict[str, str]:
    """The service's environment as compose would give it with nothing set but ``overrides``:
    ``${NAME:-default}`` becomes the default; a required ``${NAME:?...}`` must be overridden."""
    environment = _compose()["services"][service]["environment"]

    def resolve(match: re.Match) -> str:
        name, default = match.group(1), match.group(2) or ""
        if name in overrides:
            return overrides[name]
        assert ":?" not in match.group(0), f"{name} is required: give it in the test"
        return default

    return {name: _VARIABLE.sub(resolve, str(value)) for name, value in environment.items()}


def _check_deploy(tmp_path, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        **_compose_environment("web", {"SECRET_KEY": "k" + secrets.token_urlsafe(50), **overrides}),
        # The database and broker hosts exist only inside compose's network; the checks read
        # settings, not connections.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_defaults_pass_the_deployment_checklist(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_a_plain_http_trial_is_named_by_the_checklist(tmp_path):
    # The documented local-trial override turns the protections off, and the checklist says so.
    result = _check_deploy(
        tmp_path, SECURE_COOKIES="false", SECURE_SSL_REDIRECT="false", HSTS_SECONDS="0"
    )
    output = result.stderr + result.stdout
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output, warning
