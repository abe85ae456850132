# The two commands a newcomer needs:
#   make run    set everything up and serve the portal with demo content on http://127.0.0.1:8000
#   make test   set everything up and run the whole suite (unit, integration, browser)
# Settings come from the environment, or from a .env file (see .env.example).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

-include .env
export

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# What the Dockerfile installs (the runtime group alone), built apart so that CI checks it as it ships.
RUNTIME_VENV := var/runtime-venv
RUNTIME_PY := $(RUNTIME_VENV)/bin/python
# Every recipe that talks to the database first reads the URL scripts/database.sh chose.
WITH_DB := set -a && . var/database.env && set +a &&
MANAGE := $(WITH_DB) $(PY) manage.py

.PHONY: help run test lint format checks lock hooks bench backup restore setup database serve clean

help:
	@echo "make run    set up and serve the portal with demo content (PORT=$(PORT))"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff, the architecture's import rules (import-linter), types (mypy), complexity (xenon)"
	@echo "make checks migrations, deploy and compose checks, uv.lock up to date with pyproject.toml"
	@echo "make lock   update uv.lock after a change to pyproject.toml's dependency groups"
	@echo "make bench  the benchmarks of bench/ (figures as medians)"
	@echo "make backup / make restore FILE=…  the database and the images in one file"

# --- Set-up -------------------------------------------------------------------------------------

var/.system-packages: scripts/system-packages.sh
	@scripts/system-packages.sh
	@mkdir -p var && touch $@

var/.system-packages-test: scripts/system-packages.sh var/.system-packages
	@scripts/system-packages.sh --test
	@touch $@

# uv installs exactly what uv.lock pins, hashes checked, with the Python find-python.sh chose: it never
# downloads a Python, and trusts the system's certificate authorities (a company proxy's included).
UV := var/uv/bin/uv
UV_SYNC := $(UV) sync --quiet --locked --python "$$(scripts/find-python.sh)"
export UV_PYTHON_DOWNLOADS := never
export UV_SYSTEM_CERTS := 1

$(UV): scripts/uv-requirements.txt
	@test -x var/uv/bin/python || "$$(scripts/find-python.sh)" -m venv var/uv
	@var/uv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r scripts/uv-requirements.txt
	@touch $@

$(VENV)/.installed: pyproject.toml uv.lock $(UV)
	@echo "Installing the Python dependencies uv.lock pins"
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV_SYNC)
	@touch $@

$(RUNTIME_VENV)/.installed: pyproject.toml uv.lock $(UV)
	@echo "Installing the runtime dependencies alone, as the Dockerfile does"
	@UV_PROJECT_ENVIRONMENT=$(RUNTIME_VENV) $(UV_SYNC) --no-default-groups --group runtime
	@touch $@

# After a change to the dependency groups of pyproject.toml: pin what they need in uv.lock.
# `make lock UPGRADE=1` also moves every package to its newest release the groups allow.
lock: $(UV)
	$(UV) lock --python "$$(scripts/find-python.sh)" $(if $(UPGRADE),--upgrade)

database: var/.system-packages
	@scripts/database.sh

# The commit-msg hook of scripts/git-hooks (subjects of 72 characters at most, a body): in a clone only.
hooks:
	@if git rev-parse --git-dir >/dev/null 2>&1 && [ "$$(git config core.hooksPath || true)" != scripts/git-hooks ]; then \
	  git config core.hooksPath scripts/git-hooks && echo "Git hooks: scripts/git-hooks (commit-msg)"; fi

setup: var/.system-packages $(VENV)/.installed database hooks

# --- The two commands ---------------------------------------------------------------------------

run: export DJANGO_DEBUG := $(or $(DJANGO_DEBUG),1)
run: setup
	@$(MANAGE) migrate --no-input -v 0
	@$(MANAGE) createcachetable -v 0
	@$(MANAGE) setup_demo
	@echo "Le portail est servi sur http://127.0.0.1:$(PORT)/ (Ctrl+C pour l'arrêter)"
	@echo "Un worker tourne à côté : les e-mails qu'il envoie s'écrivent dans var/mail/"
	@# The worker runs the queue (e-mails, schedules) beside the server and stops with it.
	@$(WITH_DB) { $(PY) manage.py procrastinate worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); }

# On every core (pytest-xdist: one test database and one browser per worker): 8 minutes instead of 15
# on a machine of two cores.
test: setup var/.system-packages-test
	@$(WITH_DB) $(VENV)/bin/pytest --numprocesses auto $(PYTEST_ARGS)

# --- Quality checks, run by CI ------------------------------------------------------------------

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# The architecture: which package may import which ([tool.importlinter] in pyproject.toml).
	$(VENV)/bin/lint-imports --no-cache
	@# Types ([tool.mypy] in pyproject.toml): strict on the services and cresol/core/, checked elsewhere.
	$(VENV)/bin/mypy
	@# No function more complex than radon's grade C (cyclomatic complexity 20): split it where it branches.
	$(VENV)/bin/xenon --max-absolute C --exclude ".venv/*,var/*,static/*" .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The deployment checks run in the runtime environment, with production settings: what the image runs.
PRODUCTION_ENV := DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=portal.example.org \
  DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"

checks: setup $(RUNTIME_VENV)/.installed
	@# Offline: the lock is read against pyproject.toml, nothing is downloaded.
	@$(UV) lock --check --offline --quiet --python "$$(scripts/find-python.sh)" 2>/dev/null \
	  || { echo "uv.lock is out of date with pyproject.toml: run make lock and commit uv.lock" >&2; exit 1; }
	@$(WITH_DB) DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	@$(WITH_DB) $(PRODUCTION_ENV) $(RUNTIME_PY) scripts/check-runtime.py
	@$(WITH_DB) $(PRODUCTION_ENV) $(RUNTIME_PY) manage.py check --deploy --fail-level WARNING
	@# What the Dockerfile does: every static file and every file it references must exist.
	@$(WITH_DB) $(PRODUCTION_ENV) STATIC_ROOT=var/collectstatic-check \
	  $(RUNTIME_PY) manage.py collectstatic --no-input --clear -v 0 && rm -rf var/collectstatic-check
	@# docker-compose.yml as docker-compose reads it: only the proxy publishes a port, every variable of
	@# .env.example reaches web and worker, the migrations run once before them.
	$(PY) scripts/check-compose.py

var/.system-packages-bench: scripts/system-packages.sh var/.system-packages
	@scripts/system-packages.sh --bench
	@touch $@

# Every benchmark runs, whatever the one before it gave; the failures are listed at the end.
BENCHES := map agenda admin_event search pages observatory moderators people_letter veille import_ical import_csv export throughput growth markdown api
bench: setup var/.system-packages-bench
	@failed=""; for name in $(BENCHES); do \
	  echo "== bench/$$name.py"; \
	  $(WITH_DB) $(PY) bench/$$name.py || failed="$$failed $$name"; \
	done; \
	if [ -n "$$failed" ]; then echo "Benchmarks that missed their targets or failed:$$failed"; exit 1; fi
	@echo "Every benchmark met its targets."

# --- Backups: see the README's "Sauvegardes" ------------------------------------------------------

backup: database
	@$(WITH_DB) scripts/backup.sh

restore: database
	@test -n "$(FILE)" || { echo "make restore FILE=var/backups/cresol-….tar" >&2; exit 1; }
	@$(WITH_DB) scripts/restore.sh "$(FILE)"

clean:
	rm -rf $(VENV) $(RUNTIME_VENV) var/uv var/.system-packages var/.system-packages-test
