"""Settings come from the environment and a bad value stops start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def boot(**env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_defaults_boot_with_nothing_set():
    result = boot()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql-ish://nowhere"),
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "postgres://"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        ("ALLOWED_HOSTS", " , "),
        ("CELERY_BROKER_URL", "http://127.0.0.1:6379"),
        ("MAX_ARTICLE_BYTES", "lots"),
        ("MAX_ARTICLE_BYTES", "0"),
        ("SECURE_COOKIES", "si"),
    ],
)
def test_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = boot(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_env_readers_accept_the_documented_spellings(monkeypatch):
    from config.env import env_bool, env_int, env_list

    for raw, expected in [("true", True), ("ON", True), ("1", True), ("no", False), ("0", False)]:
        monkeypatch.setenv("FLAG", raw)
        assert env_bool("FLAG") is expected
    monkeypatch.setenv("COUNT", "42")
    assert env_int("COUNT", 1) == 42
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_broker_switches_tasks_out_of_process():
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    environment = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    run = [sys.executable, "-c", "import django; django.setup(); " + code]
    embedded = subprocess.run(run, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert embedded.stdout.strip() == "True"
    environment["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/0"
    real = subprocess.run(run, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert real.stdout.strip() == "False"
