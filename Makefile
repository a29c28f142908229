# The two set-up commands: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

PEERS := .venv-peers
# The peer scanner whose verdicts the checks citing its ids are compared with (tests/peers).
CHECKOV_VERSION := 3.3.30
# The peer of the live benchmark (make bench-live-prowler), in a venv of its own: its
# dependencies do not resolve beside secfound's.
PROWLER := .venv-prowler
PROWLER_VERSION := 5.46.0
# The threat modelling tool secfound's rules are compared with (tools/pytm, docs/threats-pytm.md).
PYTM := .venv-pytm
PYTM_VERSION := 1.4.0

.PHONY: demo test lint typecheck unit index bench bench-scan bench-checkov bench-store bench-live bench-live-prowler peers sarif-tools pytm-compare clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[demo]'
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[demo,test]'
	touch $@ $(VENV)/.demo-installed

demo: $(VENV)/.demo-installed
	$(BIN)/secfound demo

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

index: $(VENV)/.test-installed
	$(BIN)/python -m secfound.indexes --write

$(PEERS)/bin/checkov:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet 'checkov==$(CHECKOV_VERSION)'

peers: $(PEERS)/bin/checkov

$(PYTM)/bin/python:
	$(PYTHON) -m venv $(PYTM)
	$(PYTM)/bin/python -m pip install --quiet 'pytm==$(PYTM_VERSION)'

# pytm's findings on the sample workload against secfound's threats; rewrites the tables
# of docs/threats-pytm.md and fails on an in-scope finding secfound does not match.
pytm-compare: $(VENV)/.test-installed $(PYTM)/bin/python
	$(BIN)/python tools/pytm/compare.py --write

$(PROWLER)/bin/prowler:
	$(PYTHON) -m venv $(PROWLER)
	$(PROWLER)/bin/pip install --quiet 'prowler==$(PROWLER_VERSION)'

.venv-prowler: $(PROWLER)/bin/prowler

# The SARIF validator of tests/report (GitHub's ingestion rules and the SARIF 2.1.0 schema):
# @microsoft/sarif-multitool, a self-contained executable packaged for npm, pinned by
# tools/sarif/package-lock.json. npm ci writes node_modules/.package-lock.json last.
SARIF_TOOLS := tools/sarif/node_modules/.package-lock.json

$(SARIF_TOOLS): tools/sarif/package.json tools/sarif/package-lock.json
	cd tools/sarif && npm ci --no-audit --no-fund
	touch $@

sarif-tools: $(SARIF_TOOLS)

docs: $(VENV)/.test-installed
	$(BIN)/python -m secfound.checks.docs --write

unit: $(VENV)/.test-installed $(PEERS)/bin/checkov $(PYTM)/bin/python $(SARIF_TOOLS)
	$(BIN)/python -m secfound.indexes --check
	$(BIN)/pytest

test: lint typecheck unit

bench: $(VENV)/.test-installed
	$(BIN)/python bench/startup.py

# A generated corpus of about 2,000 files (bench/corpus.py) under /tmp: secfound vs a parse floor.
bench-scan: $(VENV)/.test-installed
	$(BIN)/python bench/scan_bench.py

# The same, and Checkov on the same files in the same run (BC_SKIP_MAPPING=TRUE, 20-minute cap).
bench-checkov: $(VENV)/.test-installed $(PEERS)/bin/checkov
	$(BIN)/python bench/scan_bench.py --with-checkov

# The live benchmark's estate (bench/live_estate.py) assessed by secfound, then by Prowler
# once per account (bench/prowler_runner.py) on the same regions and services, 2 accounts
# at a time, every call tried once; prints the ratio and Prowler's errors against moto.
bench-live-prowler: $(VENV)/.test-installed $(PROWLER)/bin/prowler
	$(BIN)/python bench/live_bench.py --with-prowler

# A million stored findings (1,000 runs x 1,000) in SQLite and in a fresh PostgreSQL schema
# (SECFOUND_BENCH_PG, default 127.0.0.1:5432/test): trend and diff must answer in < 200 ms.
bench-store: $(VENV)/.test-installed
	$(BIN)/python bench/store_bench.py

# assess --org on a moto_server estate of 50 accounts x 2 regions (bench/live_estate.py):
# wall time, API calls, calls per resource, calls by operation and an N+1 verdict.
bench-live: $(VENV)/.test-installed
	$(BIN)/python bench/live_bench.py --json /tmp/secfound-bench-live.json

clean:
	rm -rf $(VENV) $(PEERS) $(PROWLER) $(PYTM) tools/sarif/node_modules .pytest_cache .mypy_cache .ruff_cache
