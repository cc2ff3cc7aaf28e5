# dyads — `make help` lists the targets.
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
UV := .tools/bin/uv
DYADS := $(VENV)/bin/dyads
WAREHOUSE ?= warehouse/data
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.DEFAULT_GOAL := help
.PHONY: help install run test lint typecheck eval bench clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies (incl. the spaCy model)

run: install ## Run the pipeline on the bundled sample articles into warehouse/data and print a summary
	$(DYADS) run --source samples/articles.jsonl --warehouse $(WAREHOUSE)

test: install ## Run the test suite
	$(VENV)/bin/pytest -q

lint: install ## ruff (lint + format check)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install ## mypy on the packages
	$(VENV)/bin/mypy

EVAL_DIR ?= ../shared/eval/dev
SEED_GOLD ?= ../shared/examples/syria-2024-12-02-jns.gold.jsonl
EVAL_OUT := out/eval

eval: install ## Score the coder on ../shared/eval/dev/*.jsonl and the seed example; writes EVALUATION.md
	@mkdir -p $(EVAL_OUT)
	@for gold in $(EVAL_DIR)/*.jsonl $(SEED_GOLD); do \
		name=$$(basename $$gold .jsonl); \
		$(DYADS) eval $$gold --out $(EVAL_OUT)/$$name.json | head -12 || exit 1; \
	done
	$(VENV)/bin/python -m flows.evaluation_md EVALUATION.md $(EVAL_OUT)/*.json

BENCH_SIZES ?= 1000 10000 20000
BENCH_REPEATS ?= 3
BENCH_ARGS ?=

bench: install ## Benchmarks (BENCH_SIZES, BENCH_REPEATS, BENCH_ARGS); writes BENCHMARKS.md (hours at 20k)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --group bench
	$(VENV)/bin/python -m bench --sizes $(BENCH_SIZES) --repeats $(BENCH_REPEATS) --out BENCHMARKS.md $(BENCH_ARGS)

clean: ## Remove the environments and the default warehouse
	rm -rf $(VENV) .tools $(WAREHOUSE)
