# Quick start: `make run` (crawl, tag, serve on http://127.0.0.1:8001) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/stemspine run $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy evidence crawlers/parsers
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/bench_tagging.py
	$(BIN)/python bench/bench_crawl.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
