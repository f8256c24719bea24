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

# Annotator throughput and its adversarial shapes, ingest (corpus and x10, SQLite and
# PostgreSQL), HTTP routes (SQLite, then PostgreSQL), the soak (16/64/256 connections, both
# backends), search at x1 and x10 next to Datasette (pip-installed into its own venv under
# /tmp), and the text-as-written check over the corpus; about an hour on this 2-core machine
# (its speed drifts). Needs wrk (apt-get install wrk) and PostgreSQL at 127.0.0.1:5432.
# Options are in each module's docstring (--help); figures go in docs/performance.md.
bench: $(STAMP)
	$(PY) -m bench.annotate_throughput
	$(PY) -m bench.annotate_adversarial
	$(PY) -m bench.ingest_bench
	$(PY) -m bench.http_bench
	$(PY) -m bench.http_bench --backend postgres
	$(PY) -m bench.soak
	$(PY) -m bench.search_bench --copies 1,10 --backend sqlite,postgres
	$(PY) -m bench.text_as_written

clean:
	rm -rf $(VENV) data/goftar.db*
