# Every target creates .venv by itself on a fresh machine; nothing else needs installing first.
PYTHON ?= python3
PORT ?= 8000
# Test workers (pytest-xdist): CI has two cores; every worker opens its own database schemas.
JOBS ?= 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: install run test lint unit bench lock clean adr-official

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## run: the service on SQLite with demo users and a few hundred demo cases (http://127.0.0.1:8000;
## another port: make run PORT=8001), and the monitoring register's own app 100 above (8100)
run: install
	$(BIN)/migrationpact serve --demo --port $(PORT)

## test: lint, then the whole suite (PostgreSQL-backed tests are required when CI=true)
test: lint $(NODE_STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal --durations=20

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

## adr-official: lint the API against a downloaded copy of the official ADR ruleset (RULESET=…)
adr-official: install $(NODE_STAMP)
	MIGRATIONPACT_ADR_RULESET="$(RULESET)" $(BIN)/python -m pytest -q tests/integration/api/official_adr_check.py

bench: install
	$(BIN)/python -m bench

## lock: re-pin every dependency after changing pyproject.toml (needs network)
lock:
	rm -rf /tmp/migrationpact-lock && $(PYTHON) -m venv /tmp/migrationpact-lock
	/tmp/migrationpact-lock/bin/pip install --quiet --upgrade pip
	/tmp/migrationpact-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/migrationpact-lock/bin/pip freeze --exclude-editable --all | grep -v '^setuptools=' > requirements/constraints.txt

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
