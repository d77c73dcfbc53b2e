# The two commands a newcomer needs: `make run` and `make test`. Both set up the virtual
# environment first; nothing else has to be installed by hand but Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: setup run test lint format accuracy bench worker clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_sources
	$(PY) manage.py ingest seeds/
	$(PY) manage.py demo_setup
	@echo "Serving on http://$(HOST)/ (log in with a demo user above)"
	$(PY) manage.py runserver $(HOST)

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
