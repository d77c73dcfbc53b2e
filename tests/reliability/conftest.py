"""Fixtures for failure tests: a private Redis on a loopback port that a test may stop and
start again, never the machine's shared one, and a second connection to the test database."""

import shutil
import socket
import subprocess
import time

import pytest

from tests.conftest import service_unavailable


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, directory) -> None:
        self.port = _free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.directory / "redis.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"the private redis-server on port {self.port} did not start")

    def stop(self) -> None:
        """Kill it outright, as a crash would: no chance to hand anything over."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path, settings, monkeypatch):
    """A Redis of this test's own, made the broker of this process and of the worker."""
    from config.celery import app

    if shutil.which("redis-server") is None:
        service_unavailable("redis", "redis-server is not installed")
    redis = PrivateRedis(tmp_path)
    redis.start()
    settings.CELERY_BROKER_URL = redis.url
    # Celery reads its broker from this variable before its own settings.
    monkeypatch.setenv("CELERY_BROKER_URL", redis.url)
    _forget_broker_connections(app)
    try:
        yield redis
    finally:
        monkeypatch.undo()
        _forget_broker_connections(app)
        redis.stop()


def _forget_broker_connections(app) -> None:
    """Celery pools its connections to the first broker it used; drop them, as Celery itself
    does in a forked child, so that the next task goes to the broker configured now."""
    import kombu.pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # Celery's producer pool comes from kombu's process-wide registry, which would otherwise
    # keep handing out the pool closed above (even eager tasks take a producer from it).
    kombu.pools.reset()


@pytest.fixture
def short_visibility(monkeypatch):
    """Redis hands an unacknowledged task to another worker after the visibility timeout; ten
    seconds instead of ten minutes, so that a test sees a killed worker's task come back."""
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "10")


def other_connection(**options):
    """A psycopg connection of its own to the test database (PostgreSQL), beside Django's."""
    import psycopg
    from django.db import connection

    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        connect_timeout=10,
        **options,
    )
