# The two commands a new user needs: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format bench bench-load

install:
	@./scripts/bootstrap.sh

run: install
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py load_demo
	@echo ""
	@echo "SCR Tracker is starting on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@echo ""
	@$(PY) manage.py runserver $(HOST):$(PORT)

test:
	@./scripts/bootstrap.sh --test
	@$(VENV)/bin/pytest $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --check templates
	DJANGO_SETTINGS_MODULE=scr_tracker.settings.test $(PY) manage.py makemigrations --check --dry-run

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks: each prints a table and writes bench/results/<name>.json.
#   bench/run.py      pages on a generated national-scale dataset, SQLite and PostgreSQL
#   bench/reports.py  PDF generation time and memory
#   bench/importer.py preview and import of a generated 1,000-row plan
BENCH_SCRIPTS := bench/run.py bench/reports.py bench/importer.py
bench: install
	@for script in $(BENCH_SCRIPTS); do echo "==> $$script"; $(PY) $$script || exit 1; done

# Load test against gunicorn + PostgreSQL (bench/load/): BENCH_USERS=50 BENCH_DURATION=2m by default.
bench-load:
	@./bench/load/run.sh
