# The two commands a new user needs: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast test-browser install lint format bench bench-load

# Test processes for the fast suite (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

install:
	@./scripts/bootstrap.sh

run: install
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py load_demo
	@echo ""
	@echo "SCR Tracker is starting on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@echo "with its background worker (long reports, exports, imports; emails print here)"
	@echo ""
	@# The worker (docs/background-work.md) runs beside the server and stops with it.
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# Everything: the fast suite spread over the cores, then the browser journeys on their own
# (one live server and one Chromium). PYTEST_ARGS goes to both, e.g. PYTEST_ARGS="-k import".
test:
	@./scripts/bootstrap.sh --test
	@$(MAKE) --no-print-directory test-fast test-browser

# pytest exits 5 when PYTEST_ARGS selects none of a step's tests: that step has nothing to do.
test-fast:
	@$(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-browser:
	@$(VENV)/bin/pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --check templates
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=scr_tracker.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=scr_tracker.settings.test $(PY) manage.py makemigrations --check --dry-run

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks: each prints a table and writes bench/results/<name>.json.
#   bench/run.py      pages on a generated national-scale dataset, SQLite and PostgreSQL
#   bench/reports.py  PDF generation time and memory
#   bench/importer.py preview and import of a generated 1,000-row plan
#   bench/api.py      a full paginated API pull of every action of a partnership
#   bench/scoped_work.py rows each page reads, before and after other partnerships grow (PostgreSQL)
BENCH_SCRIPTS := bench/run.py bench/reports.py bench/importer.py bench/api.py bench/scoped_work.py
bench: install
	@for script in $(BENCH_SCRIPTS); do echo "==> $$script"; $(PY) $$script || exit 1; done

# Load test against gunicorn + PostgreSQL (bench/load/): BENCH_USERS=50 BENCH_DURATION=2m by default.
bench-load:
	@./bench/load/run.sh
