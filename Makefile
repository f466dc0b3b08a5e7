# Quick start: `make run` (crawl, tag, serve on http://127.0.0.1:8001) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# test-only JavaScript (axe-core for the browser tests' accessibility checks), from package.json
NODE_STAMP := node_modules/.installed

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $(NODE_STAMP); \
	else echo "npm is absent: the browser tests will skip their axe-core accessibility checks"; fi

run: $(STAMP)
	$(BIN)/stemspine run $(ARGS)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy evidence crawlers/parsers
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The issue-11 figures are at 100,000 records (several minutes); `make bench BENCH_N=2000` is quick.
BENCH_N ?= 100000

bench: $(STAMP)
	$(BIN)/python bench/bench_tagging.py
	$(BIN)/python bench/bench_crawl.py $(BENCH_N)
	$(BIN)/python bench/bench_links.py
	$(BIN)/python bench/bench_efetch.py $(BENCH_N)
	$(BIN)/python bench/bench_serve.py $(BENCH_N)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache node_modules
