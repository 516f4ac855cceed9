# Local set-up, demo server, tests and checks. Every target can be run again:
# the virtualenv is made once, and pip runs only when a lock file changed.
# `make help` lists the targets.

SHELL := /bin/sh
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
ADDRESS := 127.0.0.1:8000
PYTEST_ARGS ?=

# pip-compile sees PyPI only: no mirror, wheel folder or index from this
# machine's pip configuration ends up in (or changes) the lock files.
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock"
LOCK_ARGS := --quiet --generate-hashes --strip-extras --allow-unsafe \
	--index-url=https://pypi.org/simple --no-emit-index-url --no-emit-find-links

.PHONY: help install install-dev prepare run dev test browser bench lint check-deploy lock clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  make %-13s %s\n", $$1, $$2}'

install: ## Create .venv and install the site's dependencies (requirements.lock).
	@bin/install-lock requirements.lock

install-dev: ## Create .venv and install the site's and the developer tools (requirements-dev.lock).
	@bin/install-lock requirements-dev.lock

# The demo, ready to serve: settings, database, static files, demo content.
prepare: install
	@password=$$($(PYTHON) bin/prepare-env) \
	&& $(MANAGE) migrate --noinput \
	&& $(MANAGE) collectstatic --noinput --verbosity 0 \
	&& $(MANAGE) load_demo --admin-password "$$password" \
	&& echo \
	&& echo "Site:  http://$(ADDRESS)/" \
	&& echo "Admin: http://$(ADDRESS)/admin/ — user admin, password $$password" \
	&& echo "       the same password for the users author, editor and moderator" \
	&& echo

run: prepare ## Serve the demo site with gunicorn at http://127.0.0.1:8000/, as in production.
	@exec $(PYTHON) bin/serve --address $(ADDRESS)

dev: prepare ## Serve the demo with runserver, reloading on every code change.
	@exec $(PYTHON) bin/serve --dev --address $(ADDRESS)

test: install-dev browser ## Run the whole test suite (DATABASE_URL selects the database).
	$(VENV)/bin/pytest $(PYTEST_ARGS)

browser: ## Install Chromium for the browser tests, when missing and possible.
	@bin/ensure-chromium

bench: install ## Serve the site with gunicorn and drive it with wrk; writes bench/results.md.
	@bin/ensure-wrk
	$(PYTHON) bench/load.py $(BENCH_ARGS)

lint: install-dev ## Check the code with ruff (lint and formatting).
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The variables a production site sets (README), with placeholder values; they
# override whatever `.env` says for the local demo.
check-deploy: install ## Run Django's deployment checks with production settings.
	DEBUG=false HTTPS=true SERVE_MEDIA=false SECURE_HSTS_SECONDS=31536000 \
	ALLOWED_HOSTS=news.example.ma EMAIL_HOST=smtp.example.ma \
	SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(MANAGE) check --deploy --fail-level WARNING

lock: install-dev ## Re-pin requirements*.lock from pyproject.toml (ARGS=--upgrade for newer).
	$(LOCK_ENV) $(VENV)/bin/pip-compile $(LOCK_ARGS) $(ARGS) \
		-o requirements.lock pyproject.toml
	$(LOCK_ENV) $(VENV)/bin/pip-compile $(LOCK_ARGS) $(ARGS) --extra dev \
		-c requirements.lock -o requirements-dev.lock pyproject.toml

clean: ## Remove .venv, collected static files and test artifacts (keeps the database).
	rm -rf $(VENV) var/static test-artifacts .pytest_cache .ruff_cache
