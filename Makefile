# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
VENV ?= .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python 3.12 or newer: take the first such interpreter on PATH.
PYTHON ?= $(firstword $(foreach v,3.12 3.13 3.14,$(shell command -v python$(v) 2>/dev/null)))

.PHONY: demo test install install-test browser lint venv

# (Re)create the virtual environment when it is missing or was made by a Python older than 3.12.
venv:
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  if [ -z "$(PYTHON)" ]; then echo "Ppuri needs Python 3.12 or newer (python3.12, python3.13 or python3.14 on PATH)." >&2; exit 1; fi; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip; \
	fi

install: venv
	$(PY) -m pip install --quiet -e .

install-test: venv
	$(PY) -m pip install --quiet -e ".[test]"

## Start Ppuri with demo data on SQLite at http://127.0.0.1:8000 (another port: make demo PORT=8001).
## The demo is loaded into an empty database only; a second start serves what is there.
HOST ?= 127.0.0.1
PORT ?= 8000
demo: install
	$(VENV)/bin/ppuri demo --addrport $(HOST):$(PORT)

## Install what the tests need (Python packages, Debian's Chromium) and run the whole suite (in
## parallel: pyproject.toml's addopts).
test: install-test browser
	$(VENV)/bin/pytest

# Browser tests drive Debian's headless Chromium; install it when missing and we may.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests" >&2; exit 1; fi; }

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy ppuri
