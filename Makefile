# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
VENV ?= .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python 3.12 or newer: take the first such interpreter on PATH.
PYTHON ?= $(firstword $(foreach v,3.12 3.13 3.14,$(shell command -v python$(v) 2>/dev/null)))

.PHONY: demo test install install-test lock system system-test lint venv

# Debian packages: the PDF reports need Pango and a Korean font (WeasyPrint draws with what is
# installed: nothing is downloaded); the tests also drive Chromium and read PDFs with pdftotext.
REPORT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
TEST_PACKAGES := $(REPORT_PACKAGES) chromium poppler-utils

# Install the Debian packages of $(1) that are missing, as root; otherwise say which to install.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing (run: sudo apt-get install$$missing)" >&2; exit 1; fi; \
	fi
endef

# (Re)create the virtual environment when it is missing or was made by a Python older than 3.12.
venv:
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  if [ -z "$(PYTHON)" ]; then echo "Ppuri needs Python 3.12 or newer (python3.12, python3.13 or python3.14 on PATH)." >&2; exit 1; fi; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip; \
	fi

# Exact versions with their hashes from the lock files (reproducible installs), then Ppuri itself.
install: venv
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps -e .

install-test: venv
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock-test.txt
	$(PY) -m pip install --quiet --no-deps -e .

## Regenerate the lock files from pyproject.toml's ranges (newest matching releases), then the licence
## list: run after changing a dependency, and commit all three.
lock: venv
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o requirements/lock.txt pyproject.toml
	$(VENV)/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --extra test -o requirements/lock-test.txt pyproject.toml
	$(MAKE) install-test
	$(PY) requirements/licences.py

## Start Ppuri with demo data on SQLite at http://127.0.0.1:8000 (another port: make demo PORT=8001).
## The demo is loaded into an empty database only; a second start serves what is there.
HOST ?= 127.0.0.1
PORT ?= 8000
demo: install system
	$(VENV)/bin/ppuri demo --addrport $(HOST):$(PORT)

## Install what the tests need (Python packages, Debian's Chromium) and run the whole suite (in
## parallel: pyproject.toml's addopts).
test: install-test system-test
	$(VENV)/bin/pytest

system:
	$(call apt_install,$(REPORT_PACKAGES))

system-test:
	$(call apt_install,$(TEST_PACKAGES))

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy ppuri
