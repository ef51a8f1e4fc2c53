# Everything runs from a local virtual environment in .venv, created on first use.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint chromium bench clean

$(STAMP): pyproject.toml
	$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run streamlit_app.py

# The browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: $(STAMP) chromium lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_map.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_browser.py
	$(PY) benchmarks/bench_worst_case.py
	$(PY) benchmarks/bench_gazetteer.py
	$(PY) benchmarks/gazetteer_threshold.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
