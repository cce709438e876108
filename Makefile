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

# Load test against gunicorn + PostgreSQL (bench/load/): BENCH_USERS=50 BENCH_DURATION=2m by default.
bench-load:
	@./bench/load/run.sh
