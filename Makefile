# The two set-up commands of the README, and their helpers.
#   make render   main job: experiments (quick preset) -> all figures -> all scenes (preview)
#   make test     ruff + the default (fast) test suite
# Each installs what it needs first (Debian packages as root, .venv with pinned packages)
# and is safe to run again.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3

.PHONY: render test test-slow bench setup system-deps lint clean-build

render: setup
	$(PY) render.py all --preset quick --quality preview

test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest

test-slow: setup
	$(PY) -m pytest -m slow

bench: setup
	$(PY) -m experiments.benchmark

lint: setup
	$(PY) -m ruff check .

setup: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): requirements.lock pyproject.toml | system-deps
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is needed (set PYTHON=python3.11)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

# Removes only generated output (build/), never sources or the virtual environment.
clean-build:
	rm -rf build
