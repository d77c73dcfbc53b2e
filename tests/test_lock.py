"""The lock files match pyproject.toml: every dependency is pinned there with its hashes, the
deployment lock agrees with the development one, and the Dockerfile installs from it. A
dependency added to pyproject.toml without `make lock` fails here."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DEV_LOCK = ROOT / "requirements" / "dev.txt"
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)(?: ; (?P<marker>[^\\]+?))?\s*\\?$"
)


def _pins(path: Path) -> dict[tuple[str, str | None], tuple[str, int]]:
    """(name, marker) -> (version, number of hashes) for each entry of a lock file."""
    pins: dict[tuple[str, str | None], tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = (canonicalize_name(match["name"]), match["marker"])
            pins[current] = (match["version"], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _assert_locked(requirements: list[str], path: Path) -> None:
    versions: dict[str, list[str]] = {}
    for (name, _marker), (version, _hashes) in _pins(path).items():
        versions.setdefault(name, []).append(version)
    for text in requirements:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{name} is not in {path.name}: run make lock"
        fits = [v for v in versions[name] if requirement.specifier.contains(v, prereleases=True)]
        assert fits, f"{path.name} pins {name} {versions[name]}, not {requirement.specifier}"


def test_every_locked_package_has_hashes():
    for path in (DEV_LOCK, RUNTIME_LOCK):
        pins = _pins(path)
        assert pins, path
        unhashed = [name for name, (_version, hashes) in pins.items() if not hashes]
        assert not unhashed, f"{path.name} has pins without hashes: {unhashed}"


def test_pyproject_dependencies_are_in_the_locks():
    project = _pyproject()
    build = project["build-system"]["requires"]
    _assert_locked(project["project"]["dependencies"] + build, RUNTIME_LOCK)
    dev = project["project"]["optional-dependencies"]["dev"]
    _assert_locked(project["project"]["dependencies"] + dev + build, DEV_LOCK)


def test_deployment_lock_pins_what_development_tests():
    dev = _pins(DEV_LOCK)
    runtime = _pins(RUNTIME_LOCK)
    differing = {
        key: (runtime[key], dev.get(key)) for key in runtime if dev.get(key) != runtime[key]
    }
    assert not differing, f"runtime.txt and dev.txt disagree: {differing}"
    assert len(runtime) < len(dev), "the runtime lock should leave out the dev extra"
    assert not any(name == "pytest" for name, _marker in runtime)


def test_dockerfile_installs_from_the_runtime_lock_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs, dockerfile
    assert any("--require-hashes -r requirements/runtime.txt" in line for line in installs)
    assert all("--require-hashes" in line or "--no-deps" in line for line in installs), installs


def test_every_install_path_installs_the_lock_only():
    """make run, make test and .ci/run install through the Makefile, with the hashes of the
    development lock; compose builds the Dockerfile (above) and installs nothing of its own."""
    import yaml

    makefile = (ROOT / "Makefile").read_text()
    assert "LOCK := requirements/dev.txt" in makefile
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    assert any("--require-hashes -r $(LOCK)" in line for line in installs), installs
    for line in installs:  # the project itself, or a dry run that may fetch nothing
        assert "--require-hashes" in line or "--no-deps" in line or "--no-index" in line, line
    for target in ("run: setup", "test: setup"):
        assert target in makefile, target
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install" not in ci and "make test" in ci
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        assert service.get("build") == ".", name
        assert "pip" not in str(service.get("command", "")), name


def _pip_first(path: Path, lock: str, pip_file: str) -> str:
    """The command ``path`` extracts the lock's pip pin with, checking that the pin is
    installed by hash before the rest of the lock."""
    lines = path.read_text().splitlines()
    installs = [i for i, line in enumerate(lines) if "pip install" in line]
    first = next(i for i in installs if pip_file in lines[i])
    assert "--no-deps --require-hashes" in lines[first]
    assert first < next(i for i in installs if f"--require-hashes -r {lock}" in lines[i])
    return next(line for line in lines if line.lstrip().startswith(("awk", "RUN awk")))


@pytest.mark.parametrize(
    ("path", "lock", "pip_file"),
    [
        ("Makefile", "$(LOCK)", "$(VENV)/pip-lock.txt"),
        ("Dockerfile", "requirements/runtime.txt", "/tmp/pip-lock.txt"),
    ],
)
def test_the_locks_own_pip_is_installed_first_by_hash(path, lock, pip_file):
    """A venv's bundled pip may be older than the lock's (pip 23 refuses a locked package's
    extras in hash mode), so every install path installs the lock's pip first."""
    import subprocess

    command = _pip_first(ROOT / path, lock, pip_file)
    program = command.split("'")[1].replace("$$", "$")
    extracted = subprocess.run(
        ["awk", program, str(ROOT / "requirements" / "dev.txt")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert extracted[0].startswith("pip==") and len(extracted) >= 2
    assert all(line.strip().startswith("--hash=sha256:") for line in extracted[1:])
