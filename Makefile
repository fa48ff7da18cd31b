# The two set-up commands of the README, and their helpers.
#   make render   main job: experiments (quick preset) -> figures -> scenes (preview) -> slides and
#                 the print handout -> gallery
#   make test     ruff, mypy, the import contracts (import-linter), the docs site built with warnings
#                 as errors, then the default (fast) test suite, browser tests in headless Chromium,
#                 its test files spread over the cores (pytest-xdist)
# Each installs what it needs first (Debian packages as root, .venv with pinned packages, npm's reveal.js)
# and is safe to run again.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3

REVEAL := node_modules/reveal.js/package.json
# MkDocs 1.x prints a banner about its next major version on every build: not ours to act on
MKDOCS := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs

.PHONY: render test test-slow bench docs setup system-deps test-deps lint clean-build

render: setup
	$(PY) render.py all --preset quick --quality preview

test: setup test-deps
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(MKDOCS) build --strict --quiet
	$(PY) -m pytest -n auto --dist loadfile

test-slow: setup
	$(PY) -m pytest -m slow

# the docs site, offline: build/site/index.html (warnings are errors)
docs: setup
	$(MKDOCS) build --strict

bench: setup
	$(PY) -m experiments.benchmark

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

setup: $(STAMP) $(REVEAL)

system-deps:
	@bash scripts/system-deps.sh

test-deps:
	@bash scripts/system-deps.sh --test

$(STAMP): requirements.lock pyproject.toml | system-deps
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is needed (set PYTHON=python3.11)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $(STAMP)

# reveal.js, pinned in package-lock.json, inlined into the offline slide HTML
$(REVEAL): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $(REVEAL)

# Removes only generated output (build/), never sources or the virtual environment.
clean-build:
	rm -rf build
