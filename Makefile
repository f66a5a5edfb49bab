# Newsroom CMS: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The stamp is remade when pyproject.toml changes, so `make` reinstalls only when needed.
INSTALLED := $(VENV)/.installed

.PHONY: help install run migrate bootstrap test test-postgres fuzz lint format check bench clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

install: $(INSTALLED) ## Create .venv and install the project with its test tools

migrate: $(INSTALLED) ## Apply database migrations
	$(MANAGE) migrate --noinput

bootstrap: migrate ## Create the page tree, roles, demo accounts and demo post
	$(MANAGE) bootstrap_newsroom --demo

# The webhook worker (db_worker) runs beside the server and stops when it does.
run: bootstrap ## Set up and serve the demo on http://127.0.0.1:8000 (SQLite), with the webhook worker
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Admin: http://$(HOST):$(PORT)/admin/ (admin, editor or writer; password changeme)"
	@echo "API:   http://$(HOST):$(PORT)/api/v2/pages/?type=news.LatestUpdatesPage&fields=*"
	@echo "Webhooks: Settings > Webhooks in the admin; sent by the worker started here (docs/webhooks.md)"
	@$(MANAGE) db_worker --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
		$(MANAGE) runserver $(HOST):$(PORT)

test: $(INSTALLED) ## Run the whole suite (SQLite, or DATABASE_URL when set)
	$(BIN)/pytest

test-postgres: ## Run the suite against the local PostgreSQL
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) test

fuzz: $(INSTALLED) ## Fuzz the v3 API from its OpenAPI document (schemathesis, bounded)
	.ci/fuzz

lint: $(INSTALLED) ## Check style and common bugs with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(INSTALLED) ## Django system checks and the missing-migrations check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# gunicorn for the bench only, with its own stamp so `make install` stays lean.
BENCH_INSTALLED := $(VENV)/.installed-bench
$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	@touch $@

bench: $(BENCH_INSTALLED) ## Benchmark the delivery API, write docs/performance.md (not in `make test`)
	$(BIN)/python -m bench.dataset
	$(BIN)/python -m bench

clean: ## Remove the virtualenv, the SQLite database and generated files
	rm -rf $(VENV) db.sqlite3 static media .pytest_cache .ruff_cache .schemathesis bench/.data
