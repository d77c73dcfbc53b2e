# The two commands a newcomer needs: `make run` and `make test`. Both set up the virtual
# environment first; nothing else has to be installed by hand but Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# The lock: every package with its hashes, one file for development (the dev extra included)
# and one for deployment (the Dockerfile). `make lock` writes both from pyproject.toml.
LOCK := requirements/dev.txt
RUNTIME_LOCK := requirements/runtime.txt
LOCK_FLAGS ?=

.PHONY: setup lock demo run screenshots test lint format accuracy bench worker clean

# A new lock means a new environment: the venv is emptied and refilled from the lock alone, so
# nothing left over from an older lock stays installed.
# The pip that installs the lock is the lock's own, installed first by hash: the pip a venv
# starts with may be older, and pip 23 refuses a locked package's extras in hash mode.
$(VENV)/.installed: $(LOCK)
	$(PYTHON) -m venv --clear $(VENV)
	awk '/^pip==/{p=1} p{print; if ($$0 !~ /\\$$/) exit}' $(LOCK) > $(VENV)/pip-lock.txt
	$(VENV)/bin/pip install --quiet --no-deps --require-hashes -r $(VENV)/pip-lock.txt
	$(VENV)/bin/pip install --quiet --require-hashes -r $(LOCK)
	touch $@

# The project itself adds nothing to the lock. The dry run installs nothing: it fails, naming
# the package, when pyproject.toml asks for one the lock lacks.
$(VENV)/.project: pyproject.toml $(VENV)/.installed
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	$(VENV)/bin/pip install --quiet --dry-run --no-index --no-build-isolation -e '.[dev]' \
	  || { echo "pyproject.toml needs packages that are not in the lock: run make lock"; exit 1; }
	touch $@

setup: $(VENV)/.project

# After editing the dependencies in pyproject.toml. Versions already locked stay where they
# still fit; `make lock LOCK_FLAGS=--upgrade` (or `--upgrade-package NAME`) takes newer ones.
# One resolution for every platform and Python the project supports (--universal).
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile --quiet --universal --generate-hashes $(LOCK_FLAGS) \
	  --extra dev pyproject.toml requirements/install.in -o $(LOCK)
	$(VENV)/bin/uv pip compile --quiet --universal --generate-hashes \
	  pyproject.toml requirements/install.in --constraint $(LOCK) -o $(RUNTIME_LOCK)

# The demo desk: the seeds through the whole pipeline and one demo user of each role, in the
# database DATABASE_URL names (db.sqlite3 without it).
demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_sources
	$(PY) manage.py ingest seeds/
	$(PY) manage.py demo_setup

run: setup demo
	@echo "Serving on http://$(HOST)/ (log in with a demo user above)"
	$(PY) manage.py runserver $(HOST)

# The README's screenshots (docs/screenshots/), from a fresh demo desk on a scratch database.
screenshots: setup
	$(PY) docs/screenshots/take.py

test: setup lint
	$(VENV)/bin/pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The real articles first (their texts are fetched into a git-ignored cache, see
# tests/data/real/README.md), then the sets written by the team, which guard against regressions.
accuracy: setup
	$(PY) manage.py evaluate_real
	$(PY) -m provenance.text.evaluate_splitting
	$(PY) -m provenance.text.evaluate_attribution
	$(PY) -m provenance.text.evaluate_contradictions

# Every benchmark on a scratch database (SQLite by default; DATABASE_URL=postgres://... for
# PostgreSQL): prints one table and writes bench/results.json. Sizes: see bench/run.py.
bench: setup
	$(PY) -m bench.run

worker: setup
	$(VENV)/bin/celery -A config worker --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .pytest_cache
