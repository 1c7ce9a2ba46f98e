# The two commands of the README: `make run` and `make test`. Everything they need is installed
# here, into .venv and node_modules, on first use; later runs skip what is already done.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Development server settings for `make run` only; production reads its own environment.
RUN_ENV := DEBUG=true

.PHONY: run test test-postgres test-cluster test-browser lighthouse bench screenshots bootstrap lint fmt messages clean

$(PY_STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# A development .env (never committed), so plain `manage.py` commands work on this machine
# too; production sets its own environment and never runs make.
.env:
	printf '# Development settings written by make; every variable is in .env.example.\nDEBUG=true\n' > $@

bootstrap: $(PY_STAMP) $(NODE_STAMP) .env

## run: install what is missing, migrate, load the demo content and serve on 127.0.0.1:8000, with
## the background worker (imports, reminders) beside the server; Ctrl+C stops both
run: bootstrap
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py create_demo_coordinator
	$(RUN_ENV) $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## test: lint, migrations in step with models, and the whole suite (browser tests included) on SQLite
test: bootstrap lint
	scripts/ensure-chromium.sh
	scripts/ensure-redis.sh
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

## test-postgres: the whole suite against a throwaway PostgreSQL server started for the run
test-postgres: bootstrap
	scripts/ensure-chromium.sh
	scripts/ensure-redis.sh
	PYTHON=$(PY) scripts/with-postgres.sh $(VENV)/bin/pytest

## test-cluster: two gunicorn instances and workers sharing a throwaway PostgreSQL and Redis, on
## 127.0.0.1 (sessions, cache, limits, imports, duties, Redis or PostgreSQL stopped)
test-cluster: bootstrap
	scripts/ensure-redis.sh
	$(VENV)/bin/pytest -m cluster tests/cluster

## test-browser: only the end-to-end tests in headless Chromium
test-browser: bootstrap
	scripts/ensure-chromium.sh
	$(VENV)/bin/pytest tests/browser

## lighthouse: Lighthouse (mobile) over every public page in both languages, served by one gunicorn
## with the demo content as in production; fails below 95 in any category
lighthouse: bootstrap
	scripts/ensure-chromium.sh
	$(PY) scripts/lighthouse.py

## screenshots: the coordinator's-day and join-to-representative browser tests, saving their pages
## for docs/coordinators.md, and
## the directory on a phone for docs/public-site.md
screenshots: bootstrap
	scripts/ensure-chromium.sh
	SCREENSHOTS_DIR=docs/screenshots $(VENV)/bin/pytest tests/browser/test_coordinator_day.py \
		tests/browser/test_coordinator_jobs.py tests/browser/test_phone.py \
		tests/browser/test_needs.py tests/browser/test_reminders.py \
		tests/browser/test_join_to_representative.py \
		-k "coordinators_day or demo_content or coordinator_jobs or needs_page_and_dashboard_of_a_coordinator or log_of_reminders or representative_reporting_progress"

## bench: 10,000 organisations / 50,000 meetings on PostgreSQL, gunicorn, wrk on 127.0.0.1
bench: bootstrap
	scripts/bench.sh

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: bootstrap
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh and compile the Bulgarian catalogue (needs GNU gettext; the .mo is committed)
messages: bootstrap
	$(RUN_ENV) $(PY) manage.py makemessages --locale bg --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*'
	$(RUN_ENV) $(PY) manage.py compilemessages --locale bg --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
