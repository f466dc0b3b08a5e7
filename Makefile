# Quick start: `make run` (crawl, tag, serve on http://127.0.0.1:8001) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# test-only JavaScript (axe-core for the browser tests' accessibility checks), from package.json
NODE_STAMP := node_modules/.installed

.PHONY: run test test-compiled compiled lint bench clean

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

# Tests run in parallel, one pytest-xdist worker per core (`make test PYTEST_WORKERS=0` runs them
# in this one process): each test has its own temporary folder, database and loopback ports.
PYTEST_WORKERS ?= auto

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy evidence crawlers/parsers
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	$(MAKE) test-compiled

# The compiled build (setup.py): the tagger's modules compiled with mypyc, installed (not
# editable: an edited .py is never shadowed by an older compiled module) in a venv of their own,
# rebuilt when a source file changes. Needs a C compiler and Python's headers.
CVENV ?= .venv-compiled
CBIN := $(CVENV)/bin
# Its interpreter: the distribution's CPython (Debian's /usr/bin/python3) when it is 3.11 or later
# with headers and venv, else $(PYTHON). Distributions build CPython with profile-guided
# optimisation and the interpreter inside the executable; a default pyenv build has neither, and
# the compiled tagger runs 15-30 % slower on it (bench/README.md, Tagging).
SYSTEM_PYTHON ?= /usr/bin/python3
CPYTHON ?= $(shell $(SYSTEM_PYTHON) -c 'import ensurepip, os, sys, sysconfig; \
	sys.exit(sys.version_info < (3, 11) or not os.path.exists( \
	os.path.join(sysconfig.get_paths()["include"], "Python.h")))' >/dev/null 2>&1 \
	&& echo $(SYSTEM_PYTHON) || echo $(PYTHON))
CSTAMP := $(CVENV)/.installed
SOURCES := $(shell find crawlers db evidence -name '*.py' -o -name '*.yaml') stemspine.py

$(CSTAMP): pyproject.toml setup.py $(SOURCES)
	test -x $(CBIN)/python || $(CPYTHON) -m venv $(CVENV)
	$(CBIN)/pip install --quiet --upgrade pip
	$(CBIN)/pip install --quiet '.[test]'
	STEMSPINE_COMPILE=1 $(CBIN)/pip install --quiet --no-build-isolation --force-reinstall \
		--no-deps .
	touch $(CSTAMP)

compiled: $(CSTAMP)

# The tagger's tests and figures again, on the compiled build: the `pytest` script (not
# `python -m`, which puts the working directory first) and `--import-mode=append` put the
# source tree after the installed (compiled) package on sys.path, and
# tests/unit/test_compiled_build.py fails if `evidence` is not the compiled one.
test-compiled: $(CSTAMP)
	STEMSPINE_EXPECT_COMPILED=1 $(CBIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) \
		--import-mode=append tests/unit tests/integration/test_tag_figures_cli.py

# The issue-11 figures are at 100,000 records (several minutes); `make bench BENCH_N=2000` is quick.
BENCH_N ?= 100000

bench: $(STAMP) $(CSTAMP)
	$(BIN)/python bench/bench_tagging.py
	$(CBIN)/python bench/bench_tagging.py
	$(BIN)/python bench/bench_crawl.py $(BENCH_N)
	$(BIN)/python bench/bench_links.py
	$(BIN)/python bench/bench_efetch.py $(BENCH_N)
	$(BIN)/python bench/bench_serve.py $(BENCH_N)

clean:
	rm -rf $(VENV) $(CVENV) build *.egg-info .pytest_cache node_modules
