# Monitor Huisvesting Aandachtsgroepen: every entry point a user or CI needs.
#   make build [SCALE=0.01 SEED=20231231]   install, generate, dbt build, release; then how to open the app
#   make test                               everything CI runs, at a small scale, in a temporary data dir
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SCALE ?= 0.01
SEED ?= 20231231
TEST_SCALE ?= 0.002
DATA_DIR ?= $(CURDIR)/data
TARGET ?= dev

VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
DBT := $(VENV)/bin/dbt

# Each path can be overridden from the environment or the command line (e.g. MHA_RAW_DIR=/data/cbs).
MHA_DATA_DIR ?= $(abspath $(DATA_DIR))
MHA_RAW_DIR ?= $(MHA_DATA_DIR)/raw
MHA_WAREHOUSE ?= $(MHA_DATA_DIR)/warehouse.duckdb
MHA_PUBLISH_DIR ?= $(MHA_DATA_DIR)/publish
export MHA_DATA_DIR MHA_RAW_DIR MHA_WAREHOUSE MHA_PUBLISH_DIR
export MHA_TARGET := $(TARGET)
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export PYTHONHASHSEED := 0

.PHONY: help install generate import dbt-build release build test lint docs app bench audit realism rapport clean \
        _test-body test-parse test-dbt test-python test-app test-browser

help:
	@echo "make build [SCALE=$(SCALE) SEED=$(SEED)]  install, generate raw data, dbt build, publish"
	@echo "make test                               lint, dbt parse/build, pytest, app and browser tests (CI)"
	@echo "make import IMPORT=import.yml            real CBS files into the raw layout (docs/importer.md)"
	@echo "make rapport AREA=GM0599 [YEAR=2023]     the report per area (HTML and PDF) into data/rapport/"
	@echo "make generate | app | docs | bench | lint | audit | realism | clean"

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@echo "== installing into $(VENV)"
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

generate: install
	$(PY) -m mha generate --scale $(SCALE) --seed $(SEED) --out $(MHA_RAW_DIR)

# The preflight checks the raw files against their layout first; dbt marks a whole successful build
# in the warehouse (meta.build_marker), and `mha release` publishes nothing else.
dbt-build: install
	$(PY) -m mha preflight
	$(DBT) build --fail-fast

release: install
	$(PY) -m mha release

# Real data: convert the files listed in IMPORT (a YAML config, docs/importer.md) into $(MHA_RAW_DIR).
import: install
	@test -n "$(IMPORT)" || { echo "give the import config: make import IMPORT=import.yml"; exit 2; }
	$(PY) -m mha import --config $(IMPORT) --out $(MHA_RAW_DIR)

build: install
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory generate dbt-build release; \
	$(PY) -m mha summary --seconds $$(( $$(date +%s) - start ))
	@echo ""
	@echo "Open the app:  make app   (then browse to http://localhost:8501)"

app: install
	MHA_PUBLISH_DIR=$(MHA_PUBLISH_DIR) $(VENV)/bin/streamlit run app/streamlit_app.py

docs: install
	$(DBT) docs generate
	@echo "dbt docs written to target/; serve them with: $(DBT) docs serve"

# the report per area from the current release: make rapport AREA=GM0599 YEAR=2023 (YEAR default: latest)
AREA ?= GM0599
YEAR ?=
rapport: install
	$(PY) -m mha rapport --area $(AREA) $(if $(YEAR),--year $(YEAR)) --out $(MHA_DATA_DIR)/rapport

audit: install
	$(PY) -m mha audit

realism: install
	$(PY) -m mha realism

bench: install
	$(PY) -m mha bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check src app tests
	$(VENV)/bin/ruff format --check src app tests
	@# the dbt templater opens a DuckDB connection: give it a throwaway file, never the real warehouse
	lintdir=$$(mktemp -d); MHA_WAREHOUSE=$$lintdir/lint.duckdb DBT_TARGET_PATH=$$lintdir/target \
	  $(VENV)/bin/sqlfluff lint models tests/dbt analyses; rm -rf $$lintdir
	@# the audit's queries run outside dbt: plain SQL
	$(VENV)/bin/sqlfluff lint --templater raw src/mha/sdc/sql

# `make test` runs everything CI runs in a fresh temporary data directory at TEST_SCALE.
test: install
	@tmp=$$(mktemp -d -t mha-test-XXXXXX); echo "== test data in $$tmp"; \
	$(MAKE) --no-print-directory _test-body TARGET=ci MHA_DATA_DIR=$$tmp MHA_RAW_DIR=$$tmp/raw \
	  MHA_WAREHOUSE=$$tmp/warehouse.duckdb MHA_PUBLISH_DIR=$$tmp/publish DBT_TARGET_PATH=$$tmp/target \
	  DBT_LOG_PATH=$$tmp/logs

_test-body: lint test-parse test-dbt test-python test-app test-browser
	@echo "== make test: all passed"

test-parse:
	$(DBT) parse --warn-error --show-all-deprecations --no-partial-parse

test-dbt:
	$(PY) -m mha generate --scale $(TEST_SCALE) --seed $(SEED) --out $(MHA_RAW_DIR)
	$(PY) -m mha preflight
	$(DBT) build --fail-fast
	$(PY) -m mha release

test-python:
	MHA_TEST_WAREHOUSE=$(MHA_WAREHOUSE) MHA_TEST_RAW=$(MHA_RAW_DIR) $(PY) -m pytest -q -m "not app and not browser" tests/python

test-app:
	$(PY) -m pytest -q -m app tests/python

test-browser:
	$(PY) -m pytest -q -m browser tests/python

clean:
	rm -rf target logs data .pytest_cache
