"""Shared fixtures: a project with one user per role and an outsider, built through the real
services, and the switches for tests that need real services."""

import os
import socket
from urllib.parse import urlparse

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
# Services a CI pass runs without on purpose: .ci/run's embedded pass names postgres and redis
# here; its second pass names none, so there every service test must really run.
LEFT_OUT = {name.strip() for name in os.environ.get("CI_WITHOUT", "").split(",") if name.strip()}
SERVICES = ("postgres", "redis", "chromium")


def service_unavailable(service: str, reason: str) -> None:
    """Skip on a laptop without the service; in CI a missing service is a failure, unless the
    pass leaves that service out on purpose (``CI_WITHOUT``)."""
    assert service in SERVICES, service
    if IN_CI and service not in LEFT_OUT:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs seconds per user; tests only need passwords to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_process(request, settings):
    """Celery tasks run in-process unless a test is marked ``broker`` and runs a real worker.

    Celery settings are changed through Django's: the Celery app reads them there (namespace
    ``CELERY``) on every use, and Celery 5.6 lets them win over a value set on ``app.conf``."""
    if not request.node.get_closest_marker("broker"):
        settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def project(db):
    from provenance.services.ingest import project_get_or_create

    return project_get_or_create(name="Dam story")


@pytest.fixture
def other_project(db):
    from provenance.services.ingest import project_get_or_create

    return project_get_or_create(name="Election story")


@pytest.fixture
def users(project, other_project):
    """One user per role in ``project`` and an outsider who is only in ``other_project``."""
    from provenance.services.members import member_set_role, user_get_or_create

    made = {}
    for name, role in [
        ("editor", "editor"),
        ("reviewer", "reviewer"),
        ("reviewer2", "reviewer"),
        ("annotator", "annotator"),
    ]:
        user, _ = user_get_or_create(username=name)
        member_set_role(project=project, user=user, role=role)
        made[name] = user
    outsider, _ = user_get_or_create(username="outsider")
    member_set_role(project=other_project, user=outsider, role="editor")
    made["outsider"] = outsider
    return made


@pytest.fixture
def ingest(project, django_capture_on_commit_callbacks):
    """Ingest a text through the real pipeline, running what is enqueued on commit."""
    from provenance.services.ingest import article_ingest
    from provenance.text.types import RawArticle

    def _ingest(body: str, *, target=None, origin="test.txt", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return article_ingest(
                project=target or project,
                raw=RawArticle(body=body, **fields),
                origin=origin,
            ).article

    return _ingest


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def _client(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, settings):
    """A real Celery worker in its own process, on the real broker and the test database.

    Needs ``CELERY_BROKER_URL`` (Redis) and a database another process can open (PostgreSQL).
    Each test gets a queue of its own, so no stale task of another run reaches this worker.
    Yields a controller with ``start()`` and ``kill()`` for tests that kill it mid-task.
    """
    import subprocess
    import sys
    import uuid

    from django.db import connection

    from config.celery import app

    broker = settings.CELERY_BROKER_URL
    if not broker:
        service_unavailable(
            "redis", "CELERY_BROKER_URL is not set: no broker to run a real worker on"
        )
    if not port_open(broker, 6379):
        service_unavailable("redis", f"the broker at {broker} does not answer")
    if connection.vendor != "postgresql":
        service_unavailable(
            "postgres", "a real worker needs a database it can share (set DATABASE_URL)"
        )

    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    queue = f"test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    settings.CELERY_TASK_ALWAYS_EAGER = False

    class Worker:
        process: subprocess.Popen | None = None

        def start(self) -> None:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "CELERY_BROKER_URL": broker,
                "CELERY_QUEUE": queue,
            }
            log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115 - closed with the process
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-Q",
                    queue,
                    "--concurrency=2",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--hostname",
                    f"{queue}-{uuid.uuid4().hex[:6]}@%h",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def kill(self) -> None:
            import signal

            if self.process and self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)

        def stop(self) -> None:
            import signal

            if self.process and self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill()

        def log(self) -> str:
            return (tmp_path / "worker.log").read_text(errors="replace")

    worker = Worker()
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        # Drop what this test left on its queue.
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.2, what: str = "") -> None:
    """Poll until ``predicate()`` is true; fail with ``what`` after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what or predicate}")
