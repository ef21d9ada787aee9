# Kracht van Mokum. `make run` serves the demo site, `make test` runs every test.
# Both create .venv on first use; later runs reinstall only when pyproject.toml changed.

SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
# Run apt-get directly as root, through sudo otherwise (only where apt-get exists).
APT := $(if $(shell command -v apt-get),$(if $(filter 0,$(shell id -u)),apt-get,sudo -n apt-get))

.PHONY: run test lint lock messages makemessages compilemessages browser htmlcheck clean help bench
.PHONY: load drills backup restore ops-tools screenshots replica-demo

help:
	@echo "make run    create .venv, install, migrate, load demo data and serve on $(HOST):$(PORT)"
	@echo "make test   install test tools and Chromium where missing, run every test"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make lock   renew requirements.lock and requirements-test.lock from pyproject.toml"
	@echo "make messages  extract the texts into every language's catalogue (settings.LANGUAGES), then compile"
	@echo "make screenshots  the main pages in Arabic and Turkish, phone and desktop, into docs/screenshots/"
	@echo "make bench  seed city-scale data (once) and measure the key pages under load (README: Performance)"
	@echo "make load   50 simulated people for 5 minutes on a private production stack, then a reconciliation"
	@echo "make drills restart PostgreSQL, stop Redis, kill the worker, restore a backup (private stack)"
	@echo "make replica-demo  a private primary and its streaming replica; the router reads dashboards from it"
	@echo "make backup back up DATABASE_URL and MEDIA_ROOT to BACKUP_DIR; make restore FROM=dir TO=postgres://…"

# The first Python 3.11+ on PATH.
PYTHON_BIN := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)

$(VENV)/bin/python:
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 or python3.13 on PATH)."; exit 1; }
	$(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installs come from the lock files, so every machine gets the same versions; `make lock` renews them after a
# change to the dependencies in pyproject.toml (a test fails while a dependency is missing from a lock file).
$(VENV)/.installed: requirements.lock | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.lock
	@touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(PIP) install --quiet -r requirements-test.lock
	@touch $@

LOCK_ARGS := --quiet --no-emit-index-url --no-emit-find-links --strip-extras --no-header --allow-unsafe
lock: | $(VENV)/bin/python
	$(PIP) install --quiet pip-tools
	$(VENV)/bin/pip-compile $(LOCK_ARGS) --upgrade -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile $(LOCK_ARGS) --upgrade --extra test -o requirements-test.lock pyproject.toml

# gettext's msgfmt compiles the translations; without it (and without a way to install it) Babel does.
# `make run` and `make test` only compile; `make messages` first extracts the texts (README: "Adding a language").
compilemessages: $(MO_FILES)
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	@$(call apt_install,msgfmt,gettext) || true
	@if command -v msgfmt >/dev/null 2>&1; then \
		DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --locale $* -v 0; \
	else \
		$(PY) -m babel.messages.frontend compile --domain django --directory locale --locale $* --use-fuzzy -q; \
	fi

# Extract every text of the code and templates into the catalogue of each language in settings.LANGUAGES (a new
# language gets its file here), keep what is translated, then compile. New texts arrive with an empty msgstr, changed
# ones fuzzy: tests/mokum/test_translations.py fails until a translator has done them.
LANGUAGE_FLAGS = DEBUG=true DJANGO_SETTINGS_MODULE=mokum.settings $(PY) -c 'import django; django.setup(); \
	from django.conf import settings; print(" ".join("--locale=" + code for code, _name in settings.LANGUAGES))'
messages: | $(VENV)/.installed
	@$(call apt_install,msgfmt,gettext) || true
	DEBUG=true $(PY) manage.py makemessages $$($(LANGUAGE_FLAGS)) \
		--no-location --ignore=.venv --ignore=tests --ignore=bench --ignore=node_modules --ignore=docs
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv -v 0
makemessages: messages

run: export DEBUG ?= true
# Links in the demo's e-mails point at the address the site is served on.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed compilemessages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo --quiet-accounts
	@# One deadline scan so the demo shows reminders; its e-mails are not printed (the list in the app shows them).
	EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend $(PY) manage.py scan_deadlines --last-working-day
	@$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests (skipped where it cannot be installed, never in CI) and
# docker-compose to check docker-compose.yml (that test is skipped without it).
apt_install = command -v $(1) >/dev/null 2>&1 || [ -z "$(APT)" ] || $(APT) install -y -qq $(2) >/dev/null 2>&1 \
	|| { $(APT) update -qq >/dev/null 2>&1 && $(APT) install -y -qq $(2) >/dev/null 2>&1; }
browser:
	@$(call apt_install,chromium,chromium) || echo "Chromium could not be installed: browser tests will be skipped."
	@$(call apt_install,docker-compose,docker-compose) || echo "docker-compose could not be installed: its check is skipped."

# The Nu HTML Checker validates the pages the browser tests load: Debian's Java and npm's vnu-jar (package.json).
# npm ci runs again only when package-lock.json changes; no install scripts (vnu-jar's would fetch a Java runtime).
node_modules/.installed: package-lock.json
	@$(call apt_install,java,default-jre-headless) || echo "Java could not be installed: the HTML check is skipped."
	@$(call apt_install,npm,npm) || true
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm could not be installed: the HTML check is skipped."; fi
htmlcheck: node_modules/.installed

# The code first (lint, formatting, types of the services, selectors and workflow tables, no model change
# without its migration), then the tests on every core with
# coverage (browser tests share one worker: an xdist group), then the load test and fault drills alone, since
# they measure time and stop servers (exit code 5: PYTEST_ARGS selected none of them).
test: $(VENV)/.installed-test compilemessages browser htmlcheck ops-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	DEBUG=true DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n auto --dist loadgroup -m "not reliability" --cov --cov-report= $(PYTEST_ARGS)
	$(PY) -m pytest -m reliability --cov --cov-append --cov-report=term:skip-covered $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The city-scale benchmark: needs this machine's PostgreSQL and Redis, and wrk (Debian's package).
# Extra arguments: make bench BENCH_ARGS="--reseed --seconds 10"; bench/run.py --help lists them.
bench: $(VENV)/.installed-test
	@$(call apt_install,wrk,wrk) || true
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is needed for the benchmark: apt-get install wrk"; exit 1; }
	$(PY) bench/run.py $(BENCH_ARGS)

# Reliability (README: Reliability). The load test and the drills start their OWN PostgreSQL (initdb into a
# temporary folder) and Redis on loopback and stop only those: they never touch a shared server.
ops-tools:
	@command -v redis-server >/dev/null 2>&1 || [ -z "$(APT)" ] || $(APT) install -y -qq redis-server >/dev/null 2>&1 \
		|| { $(APT) update -qq >/dev/null 2>&1 && $(APT) install -y -qq redis-server >/dev/null 2>&1; } || true
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || [ -z "$(APT)" ] \
		|| $(APT) install -y -qq postgresql >/dev/null 2>&1 || true
load: $(VENV)/.installed-test ops-tools
	$(PY) bench/load/run.py $(LOAD_ARGS)
drills: $(VENV)/.installed-test ops-tools
	$(PY) ops/drills.py $(DRILL_ARGS)
# A private primary (initdb) and a streaming replica of it (pg_basebackup -R) on loopback; never the shared server.
replica-demo: $(VENV)/.installed ops-tools
	$(PY) ops/replica.py $(REPLICA_ARGS)
backup: $(VENV)/.installed
	$(PY) ops/backup.py backup
restore: $(VENV)/.installed
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "make restore FROM=backups/<folder> TO=postgres://…/<new database> [MEDIA_TO=dir]"; exit 1; }
	$(PY) ops/backup.py restore --from "$(FROM)" --database-url "$(TO)" $(if $(MEDIA_TO),--media-root "$(MEDIA_TO)")

# Screenshots of the main pages in Arabic and Turkish (phone and desktop) into docs/screenshots/, from the demo data
# loaded into DATABASE_URL (README: Languages).
screenshots: $(VENV)/.installed-test compilemessages browser
	$(PY) ops/screenshots.py $(SCREENSHOT_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
