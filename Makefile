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
# The npm packages of docs/webhooks.md's JavaScript receiver, which the tests run with Node.js.
RECEIVER_JS := tests/webhooks/js

.PHONY: help install run migrate bootstrap test test-postgres test-faults audit fuzz lint format check bench bench-scale bench-import bench-import-quality train-giving clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml $(RECEIVER_JS)/package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(RECEIVER_JS) --no-audit --no-fund --silent \
			|| echo "npm ci failed: the JavaScript receiver test will be skipped"; \
	else echo "No npm: the JavaScript receiver test will be skipped"; fi
	@touch $@

install: $(INSTALLED) ## Create .venv and install the project with its test tools

migrate: $(INSTALLED) ## Apply database migrations
	$(MANAGE) migrate --noinput

bootstrap: migrate ## Create the page tree, roles, demo accounts and demo post
	$(MANAGE) bootstrap_newsroom --demo

# The webhook worker (db_worker) and the scheduler (scheduled publishing) run beside
# the server and stop when it does.
run: bootstrap ## Set up and serve the demo on http://127.0.0.1:8000 (SQLite), with the worker and scheduler
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Admin: http://$(HOST):$(PORT)/admin/ (admin, editor or writer; password changeme)"
	@echo "API:   http://$(HOST):$(PORT)/api/v2/pages/?type=news.LatestUpdatesPage&fields=*"
	@echo "Webhooks: Settings > Webhooks in the admin; sent by the worker started here (docs/webhooks.md)"
	@$(MANAGE) db_worker --no-reload & worker=$$!; \
		$(MANAGE) run_scheduler & scheduler=$$!; \
		trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT; \
		$(MANAGE) runserver $(HOST):$(PORT)

# Production-style serving (docs/operations.md, "Serving with make serve"). Settings
# default to cms.settings.production, which needs DJANGO_SECRET_KEY and ALLOWED_HOSTS.
# gunicorn (cms/gunicorn_conf.py), the webhook worker and the scheduler stop together.
# With the `pushpin` binary installed, Pushpin takes HOST:PORT and holds update
# streams open (deploy/pushpin/), and gunicorn moves to 127.0.0.1:APP_PORT.
APP_PORT ?= 8001
PUSHPIN_PUBLISH_PORT ?= 5561
.PHONY: serve
serve: export DJANGO_SETTINGS_MODULE ?= cms.settings.production
serve: $(INSTALLED) ## Migrate, collect static, then gunicorn + webhook worker + scheduler
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	@if command -v pushpin >/dev/null 2>&1; then \
		echo "Pushpin on $(HOST):$(PORT) (update streams), gunicorn on 127.0.0.1:$(APP_PORT)"; \
		export PUSHPIN_PUBLISH_URL="$${PUSHPIN_PUBLISH_URL:-http://127.0.0.1:$(PUSHPIN_PUBLISH_PORT)/publish/}"; \
		$(BIN)/python -m news.live.pushpin --port $(PORT) --app 127.0.0.1:$(APP_PORT) \
			--publish-port $(PUSHPIN_PUBLISH_PORT) & pushpin=$$!; \
		app_host=127.0.0.1; app_port=$(APP_PORT); \
	else \
		echo "pushpin not installed: update streams poll the database (docs/operations.md)"; \
		app_host=$(HOST); app_port=$(PORT); \
	fi; \
	$(MANAGE) db_worker --no-reload & worker=$$!; \
		$(MANAGE) run_scheduler & scheduler=$$!; \
		trap 'kill $$worker $$scheduler $$pushpin 2>/dev/null; wait $$worker $$scheduler $$pushpin 2>/dev/null' EXIT; \
		HOST=$$app_host PORT=$$app_port $(BIN)/gunicorn -c cms/gunicorn_conf.py

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

# Private PostgreSQL and Redis on their own ports, never the shared ones (bench/faults/).
# The live drills first (private PostgreSQL and Redis, never the shared ones), then the
# concurrency faults at full size (20 clients x 50 saves, 100 approval trials) on PostgreSQL,
# then eight writers on the default SQLite database for a minute.
test-faults: $(INSTALLED) ## Break Redis and PostgreSQL under load, race editors; write docs/reliability.md
	.ci/faults
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test FAULTS_FULL=1 $(BIN)/pytest -m faults tests/faults
	FAULTS_FULL=1 $(BIN)/pytest tests/test_sqlite_writers.py

audit: $(INSTALLED) ## Known-vulnerability audit of the installed packages (pip-audit; needs its service)
	.ci/audit

# Needs wrk, varnishd (varnish-modules for the project's VCL) and Redis: db 12 unless
# BENCH_REDIS_URL says otherwise. Knobs (BENCH_*) in docs/performance.md.
bench: $(INSTALLED) ## Delivery API vs a static file of the same bytes (production, embedded, Varnish); write docs/performance.md
	$(BIN)/python -m bench.dataset
	$(BIN)/python -m bench

.PHONY: bench-servers
bench-servers: $(INSTALLED) ## Compare gunicorn and granian under the same delivery load, write docs/performance.md
	$(BIN)/python -m bench.dataset
	$(BIN)/python -m bench.servers

bench-import: $(INSTALLED) ## Benchmark importing a generated 2,000-post Blogger export, write docs/performance.md
	$(BIN)/python -m bench.imports

bench-import-quality: $(INSTALLED) ## Importer precision, recall and invented values on the annotated corpus (dev and held-out), write docs/import.md
	$(BIN)/python -m bench.import_quality

train-giving: $(INSTALLED) ## Relearn the importer's "is this money given?" weights from the corpus's dev stories
	$(BIN)/python -m bench.import_quality.train_giving

# Needs the local PostgreSQL and Redis (db 7); docs/performance.md, "At 100,000 posts".
bench-scale: $(INSTALLED) ## Benchmark 1,000 vs 100,000 posts on PostgreSQL, write docs/performance.md
	$(BIN)/python -m bench.scale

# Needs the local PostgreSQL (a database made and dropped per run), Redis (db 11) and
# the pushpin binary; ports 8700-8705 (BENCH_LIVE_PORT). docs/performance.md, "Live updates stream".
.PHONY: bench-live
bench-live: $(INSTALLED) ## 1,000 readers on a live story's stream through Pushpin, write docs/performance.md
	$(BIN)/python -m bench.live

clean: ## Remove the virtualenv, the SQLite database and generated files
	rm -rf $(VENV) db.sqlite3 static media .pytest_cache .ruff_cache .schemathesis bench/.data
