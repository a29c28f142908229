# The two set-up commands: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

PEERS := .venv-peers
# The peer scanner whose verdicts the checks citing its ids are compared with (tests/peers).
CHECKOV_VERSION := 3.3.30

.PHONY: demo test lint typecheck unit index bench bench-scan bench-checkov bench-store peers sarif-tools clean

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

unit: $(VENV)/.test-installed $(PEERS)/bin/checkov $(SARIF_TOOLS)
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

# A million stored findings (1,000 runs x 1,000) in SQLite and in a fresh PostgreSQL schema
# (SECFOUND_BENCH_PG, default 127.0.0.1:5432/test): trend and diff must answer in < 200 ms.
bench-store: $(VENV)/.test-installed
	$(BIN)/python bench/store_bench.py

clean:
	rm -rf $(VENV) $(PEERS) tools/sarif/node_modules .pytest_cache .mypy_cache .ruff_cache
