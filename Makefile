# Two commands do all the set-up on a fresh machine:
#   make serve   build the virtual environment, then serve the example vault
#   make test    build the virtual environment, then lint, type-check and run every test
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: serve site test bench

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -e ".[test,compat]"
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m mkdocs serve

site: $(STAMP)
	$(PY) -m mkdocs build --strict

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/bench_load.py
