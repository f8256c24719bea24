# Two commands for a fresh clone: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format eval bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else "goftar needs Python 3.12 (found %d.%d); see .python-version" % sys.version_info[:2])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# `make run HOST=0.0.0.0 PORT=9000`
HOST ?= 127.0.0.1
PORT ?= 8000
run: $(STAMP)
	$(PY) -m app serve --host $(HOST) --port $(PORT)

test: lint
	$(PY) -m pytest -q --junitxml=.pytest-results.xml

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/hadolint Dockerfile

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

eval: $(STAMP)
	$(PY) -m bench.evaluate

# Annotator throughput, ingest (corpus and x10, SQLite and PostgreSQL), HTTP routes (SQLite,
# then PostgreSQL), a mixed 60 s load, and search next to Datasette (pip-installed into its own
# venv under /tmp); 20 to 35 minutes on this machine (its speed drifts), needs wrk (apt-get install wrk) and
# PostgreSQL at 127.0.0.1:5432. Options are in each module's docstring (--help).
bench: $(STAMP)
	$(PY) -m bench.annotate_throughput
	$(PY) -m bench.ingest_bench
	$(PY) -m bench.http_bench
	$(PY) -m bench.http_bench --backend postgres
	$(PY) -m bench.http_bench --mixed --duration 60 --connections 64
	$(PY) -m bench.search_bench

clean:
	rm -rf $(VENV) data/goftar.db*
