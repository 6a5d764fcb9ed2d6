# 微政务: `make run` serves the demo, `make test` runs every test.
# Django 6.1 needs Python 3.12+; scripts/find-python picks one (override: make PYTHON=...).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell scripts/find-python)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test fuzz lint format venv migrate seed bench soak fault clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本 (Python 3.12+ is required)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(BIN)/.installed

var/secret_key:
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

# `make run` serves like production (DEBUG off, gunicorn, WhiteNoise) on plain http
# on this machine only, so the HTTPS-only cookies and redirects are turned off.
RUN_ENV = DEBUG=false HTTPS_ONLY=false SECRET_KEY="$$(cat var/secret_key)" \
	ALLOWED_HOSTS=127.0.0.1,localhost

# Without REDIS_URL the cache is a database table, so that the rate limits are one
# count for all of gunicorn's workers (docs/security/throttles.md); createcachetable
# leaves an existing table alone.
migrate: venv var/secret_key
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py createcachetable

seed: migrate
	$(RUN_ENV) $(BIN)/python manage.py seed_demo

run: seed
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@DEMO_URL=http://$(HOST):$(PORT)/ $(RUN_ENV) $(BIN)/python manage.py ensure_demo_admin
	@# The tasks worker (large ledger exports) and the periodic job runner
	@# (docs/periodic.md) run beside gunicorn and stop with it.
	$(RUN_ENV) $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	$(RUN_ENV) $(BIN)/python manage.py periodic & periodic=$$!; \
	trap 'kill $$worker $$periodic 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/gunicorn portal.wsgi -c portal/gunicorn_conf.py --bind $(HOST):$(PORT)

# Browser tests need Debian's Chromium: installed when root with apt, else skipped
# with a message (CI sets CI=1 and they fail instead).
test: venv
	@scripts/ensure-chromium || export SKIP_BROWSER_TESTS=1; \
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# Schemathesis with every check, longer than `make test` runs it (50 examples per
# operation there); docs/security/schema.md. FUZZ_EXAMPLES=2000 for a night's run.
FUZZ_EXAMPLES ?= 500
fuzz: venv
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/fuzz -n 0 -p no:cacheprovider $(PYTEST_ARGS)

# Benchmarks print numbers; they are not part of `make test`. PostgreSQL when
# DATABASE_URL names it (each works on its own <name>_bench copy and drops it; the
# filled cases are kept as the template <name>_bench_<N>, bench/_setup.py).
# BENCH_CASES=1000000 for a city's size; the figures go to var/bench/*.json too,
# and `bench/_measure.py report` prints them as docs/performance.md's tables.
BENCH_CASES ?= 100000
BENCH_JSON = ../var/bench
bench: venv
	@mkdir -p var/bench
	cd bench && ../$(BIN)/python case_changelist.py --cases $(BENCH_CASES) --every-list \
			--json $(BENCH_JSON)/changelist-$(BENCH_CASES).json \
		&& ../$(BIN)/python dashboard.py --cases $(BENCH_CASES) \
			--json $(BENCH_JSON)/dashboard-$(BENCH_CASES).json \
		&& ../$(BIN)/python read_paths.py --cases $(BENCH_CASES) \
			--json $(BENCH_JSON)/read_paths-$(BENCH_CASES).json \
		&& ../$(BIN)/python ledger_export.py --cases $(BENCH_CASES) \
		&& ../$(BIN)/python submit_load.py && ../$(BIN)/python moderation.py \
		&& ../$(BIN)/python upload_worst_case.py && ../$(BIN)/python notifications_delivery.py \
		&& ../$(BIN)/python _measure.py report $(BENCH_JSON)/*.json

# Faults: 10 minutes of mixed citizen traffic, then the database stopped under load
# (db_fault.py really stops this machine's PostgreSQL: root and pg_ctlcluster).
SOAK_MINUTES ?= 10
soak: venv
	cd bench && ../$(BIN)/python soak.py --minutes $(SOAK_MINUTES)

fault: venv
	cd bench && ../$(BIN)/python db_fault.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/static
