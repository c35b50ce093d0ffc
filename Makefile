# One task runner, used the same way locally and in CI (.ci/run calls `make test`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PACKAGE ?= .

PORT ?= 8000
DB ?= ledger.db

.PHONY: all install build serve examples sdl check release bench bench-quick lighthouse validate fmt fmt-check manifest docs docs-check lint typecheck pytest test test-strawberry-newest test-strawberry-oldest clean

all: validate serve

# Reinstalled when a module is added or changed: the strict editable install (which mypy
# needs) links files one by one.
$(BIN)/statement-ledger: pyproject.toml $(wildcard api/*.py api/*/*.py api/*/templates/* api/*/static/* \
  catalogue/*.py cli/*.py curation/*.py database/*.py docgen/*.py publishing/*.py validators/*.py \
  validators/*/*.py)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=strict
	touch $@

install: $(BIN)/statement-ledger

validate: install
	cd $(PACKAGE) && $(CURDIR)/$(BIN)/frictionless validate datapackage.json
	$(BIN)/statement-ledger validate $(PACKAGE)

build: install
	$(BIN)/statement-ledger build $(PACKAGE) --out $(DB)

serve: build
	$(BIN)/statement-ledger serve --db $(DB) --port $(PORT)

examples: build
	$(BIN)/statement-ledger examples --db $(DB)

sdl: install
	$(BIN)/statement-ledger sdl > api/graphql/sdl.graphql

# The curator's one command: canonical CSVs, fresh checksums and sha256s, readable findings,
# then the results printed in examples/*.md refreshed from the changed data (rebuilt database),
# and the data dictionary's example rows (README.md).
check: install
	$(BIN)/statement-ledger fmt $(PACKAGE)
	$(BIN)/statement-ledger validate $(PACKAGE)
	$(BIN)/statement-ledger build $(PACKAGE) --out $(DB)
	$(BIN)/statement-ledger examples --db $(DB)
	$(BIN)/statement-ledger docs

release: install
	$(BIN)/statement-ledger release $(VERSION) $(PACKAGE)

# Benchmarks (never part of `make test`): figures into benchmarks/RESULTS.md.
bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' --config-settings editable_mode=strict
	$(BIN)/python benchmarks/run.py

bench-quick: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' --config-settings editable_mode=strict
	$(BIN)/python benchmarks/curated.py
	$(BIN)/python benchmarks/run.py --quick

# Lighthouse on the explorer's pages (never part of `make test`: it needs npm and Chromium);
# exit 1 when a page scores under 95 in a category. LIGHTHOUSE_ARGS=--all for every page kind.
lighthouse: build
	$(BIN)/python benchmarks/lighthouse.py --db $(DB) $(LIGHTHOUSE_ARGS)

fmt: install
	$(BIN)/statement-ledger fmt $(PACKAGE)

fmt-check: install
	$(BIN)/statement-ledger fmt --check $(PACKAGE)

docs: install
	$(BIN)/statement-ledger docs

docs-check: install
	$(BIN)/statement-ledger docs --check

manifest: install
	$(BIN)/statement-ledger manifest $(PACKAGE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy -p statement_ledger.validators -p statement_ledger.api -p statement_ledger.catalogue \
	  -p statement_ledger.cli -p statement_ledger.curation -p statement_ledger.database \
	  -p statement_ledger.docgen -p statement_ledger.publishing
	$(BIN)/mypy benchmarks

pytest: install
	$(BIN)/python -m pytest

test: validate fmt-check docs-check lint typecheck pytest

# The GraphQL tests on the newest Strawberry release and on the oldest minor version
# pyproject.toml accepts (its latest patch), each in a venv of its own under build/ (CI runs
# both after `make test`).
STRAWBERRY_OLDEST := $(shell sed -n 's/.*"strawberry-graphql>=\([0-9]*\.[0-9]*\).*/\1/p' pyproject.toml)

# (build/lib goes too: setuptools would package a module removed since it was filled.)
define strawberry_tests
	rm -rf build/strawberry-$(1) build/lib
	$(PYTHON) -m venv build/strawberry-$(1)
	build/strawberry-$(1)/bin/python -m pip install --quiet --upgrade pip
	build/strawberry-$(1)/bin/python -m pip install --quiet '.[dev]' $(2)
	build/strawberry-$(1)/bin/python -m pip show strawberry-graphql | grep '^Version'
	build/strawberry-$(1)/bin/python -m pytest tests/api/graphql -q
endef

test-strawberry-newest:
	$(call strawberry_tests,newest,--upgrade --upgrade-strategy only-if-needed strawberry-graphql)

test-strawberry-oldest:
	$(call strawberry_tests,oldest,'strawberry-graphql~=$(STRAWBERRY_OLDEST).0')

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache $(DB)
