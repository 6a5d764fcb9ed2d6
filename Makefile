# 微政务: `make run` serves the demo, `make test` runs every test.
# Django 6.1 needs Python 3.12+: make PYTHON=/path/to/python3.12 names one, else
# scripts/find-python picks one when .venv has to be made.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test fuzz lint format venv migrate seed bench soak fault clean cluster cluster-stop cluster-test cluster-bench

# $(call need_python,INTERPRETER): stop, saying what was found, unless it runs Python 3.12+.
need_python = found=$$("$1" -c 'import sys; print("%d.%d.%d" % tuple(sys.version_info[:3])); \
	sys.exit(sys.version_info < (3, 12))' 2>/dev/null) || { echo "需要 Python 3.12 或更高版本 \
	(Python 3.12+ is required): $1 $${found:+is Python }$${found:-does not run}" >&2; exit 1; }

# .venv is reused only while it works: the Python it was made from (pyvenv.cfg's home) is
# still there, bin/python runs and is 3.12+, pip imports, and Django does once installed.
# Otherwise it is removed and made again, and the new pyvenv.cfg makes $(BIN)/.installed
# install the requirements again; a working .venv keeps its old pyvenv.cfg, so the
# requirements are reinstalled only when requirements*.txt change. An explicit PYTHON
# (make venv PYTHON=...) is checked even when .venv is fine.
$(VENV)/pyvenv.cfg: FORCE
	@$(if $(PYTHON),$(call need_python,$(PYTHON));) \
	if [ -e $(VENV) ]; then \
	  check="import sys; v = sys.version_info; v < (3, 12) and \
	    sys.exit('it was made with Python %d.%d.%d' % v[:3]); from pip import __version__"; \
	  [ -f $(BIN)/.installed ] && check+="; from django import VERSION"; \
	  home=$$(sed -n 's/^home *= *//p' $@ 2>/dev/null); \
	  if [ ! -f $@ ]; then why="it has no pyvenv.cfg"; \
	  elif [ ! -d "$$home" ]; then why="the Python it was made from ($$home) is gone"; \
	  elif [ ! -x $(BIN)/python ]; then why="$(BIN)/python is missing or a dangling link"; \
	  elif why=$$($(BIN)/python -c "$$check" 2>&1); then why=; \
	  else why=$${why##*$$'\n'}; why=$${why:-$(BIN)/python fails}; fi; \
	  [ -z "$$why" ] && exit 0; \
	  echo "重建 $(VENV) (rebuilding $(VENV)): $$why"; rm -rf $(VENV); \
	fi; \
	python="$(or $(PYTHON),$$(scripts/find-python))"; \
	[ -n "$$python" ] || { echo "需要 Python 3.12 或更高版本 (Python 3.12+ is required): \
	none found on PATH or under pyenv (README)" >&2; exit 1; }; \
	echo "$$python -m venv $(VENV)"; "$$python" -m venv $(VENV)

FORCE:

$(BIN)/.installed: requirements.txt requirements-dev.txt $(VENV)/pyvenv.cfg
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
	@scripts/ensure-lighthouse || echo "(Lighthouse's test is skipped)"
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

# The portal as a city runs it, on 127.0.0.1 (docs/operations.md): nginx on :8090 in
# front of two gunicorn nodes (:8101, :8102), the tasks worker, the periodic runner,
# PostgreSQL, a Redis of its own (:6391) and the object store (Swift, :9010).
# Installs Debian's nginx, swift and memcached when root.
cluster: venv
	@scripts/ensure-nginx
	scripts/cluster start

cluster-stop:
	scripts/cluster stop

# What one node does, the other knows; a node killed under a stream of submissions
# loses and doubles nothing; /readyz follows Redis (tests/cluster/). Run by CI.
cluster-test: cluster
	WZW_CLUSTER=1 $(BIN)/python -m pytest tests/cluster -n 0 -p no:cacheprovider -s \
		$(PYTEST_ARGS); rc=$$?; scripts/cluster stop; exit $$rc

# Requests per second and p95 through nginx with two nodes and with one
# (bench/cluster_load.py). CLUSTER_NODE_CPUS="0 1" gives each node a CPU of its own.
cluster-bench: cluster
	$(BIN)/python bench/cluster_load.py; rc=$$?; scripts/cluster stop; exit $$rc

clean:
	rm -rf $(VENV) var/static .cluster
