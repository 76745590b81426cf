# Vietnamese news → tables. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared
ARTICLES ?= corpus/articles
TABLES ?= corpus/tables
WORKERS ?= 1
STORE ?= corpus/pipeline.duckdb
TABLE ?= commitments
FORMAT ?= csv
EXPORTS ?= exports
SET ?= train
REPORTS ?= reports

.DEFAULT_GOAL := help
.PHONY: help install extract export notebooks test lint format eval eval-update errors eval-tests bench train cv clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools

extract: $(STAMP) ## Extract corpus/articles into corpus/tables + the DuckDB store (only new/changed articles)
	$(PY) -m pipeline extract $(ARTICLES) --out $(TABLES) --store $(STORE) --workers $(WORKERS)

export: $(STAMP) ## Export a table of the store to exports/ (TABLE=commitments FORMAT=csv|xlsx|parquet)
	$(PY) -m pipeline export --store $(STORE) --table $(TABLE) --format $(FORMAT) --out $(EXPORTS)

# Notebooks only read: they never extract into the store they are pointed at. PIPELINE_STORE,
# when set, wins over STORE; charts are saved as PNG under reports/ too.
notebooks: $(STAMP) ## Run the notebooks on the store (PIPELINE_STORE or STORE; read only) → HTML + PNG in reports/
	@store="$${PIPELINE_STORE:-$(abspath $(STORE))}"; \
	test -f "$$store" || { echo "error: no store at $$store; run make extract first" >&2; exit 1; }; \
	PIPELINE_STORE="$$store" PIPELINE_REPORTS="$${PIPELINE_REPORTS:-$(abspath $(REPORTS))}" PYTHONPATH=$(CURDIR) \
		$(VENV)/bin/jupyter nbconvert --to html --execute --output-dir $(REPORTS) notebooks/*.ipynb

scrape: $(STAMP) ## Discover and fetch new articles into corpus/articles (SITE=, SINCE=, LIMIT=)
	$(PY) -m pipeline scrape $(if $(SITE),--site $(SITE)) $(if $(SINCE),--since $(SINCE)) $(if $(LIMIT),--limit $(LIMIT)) --out $(ARTICLES)

test: $(STAMP) ## Run the test suite (no network; ../shared optional) and the linter
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check pipeline tests

lint: $(STAMP) ## Lint with ruff
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff format pipeline tests
	$(VENV)/bin/ruff check --fix pipeline tests

eval: $(STAMP) ## Score dev, train, post2025, all together (and silver, ungated); fail on the gate in corpus/eval/baseline.json
	$(PY) -m pipeline eval --shared $(SHARED)

eval-update: $(STAMP) ## Raise the eval floors and per-set references to the current scores (never lowers them)
	$(PY) -m pipeline eval --shared $(SHARED) --update

errors: $(STAMP) ## List every MISS/EXTRA/DIFF of a fresh extract of one gold set (SET=train TABLE=commitments)
	$(PY) -m pipeline extract $(SHARED)/corpus/$(SET)/articles --out corpus/eval/pred/$(SET) --no-progress
	$(PY) -m pipeline errors $(SHARED)/corpus/$(SET)/gold corpus/eval/pred/$(SET) $(if $(TABLE),--table $(TABLE)) $(if $(ARTICLE),--article $(ARTICLE))

eval-tests: $(STAMP) ## Run the slow corpus-wide tests (offsets, golden figures) over ../shared
	$(PY) -m pytest -q -m slow

train: $(STAMP) ## Refit the commitments keep/drop model from the gold in ../shared (under a minute)
	$(PY) -m pipeline.commitments_model --shared $(SHARED)

cv: $(STAMP) ## 5-fold cross-validation by article of the commitments decision over dev + train
	$(PY) -m pipeline.commitments_model --shared $(SHARED) --cv

bench: $(STAMP) ## Time extract against the underthesea floor, check memory (BENCH_LIMIT=N: first N articles)
	$(PY) -m pipeline.bench --corpus $(SHARED)/corpus/bench/baomoi-2017-3000.jsonl $(if $(BENCH_LIMIT),--limit $(BENCH_LIMIT))

clean: ## Remove generated tables and reports (keeps .venv and the baseline)
	rm -rf corpus/tables corpus/eval/pred corpus/eval/report.* reports exports
	rm -rf $(STORE) $(STORE).wal corpus/parquet
