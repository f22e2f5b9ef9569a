# The README's commands. Each target creates or reuses .venv and installs pinned dependencies.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo-out/demo.duckdb
UNVOTES ?= ../shared/data/unvotes

.PHONY: install demo test test-fast lint bench train serve clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	bash scripts/demo.sh "$(DEMO_DB)" "$(UNVOTES)"

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench train
	$(VENV)/bin/ruff format --check src tests bench train
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) bench/eval_events.py
	$(PY) bench/throughput.py
	$(PY) bench/votes.py
	$(PY) bench/ask.py
	$(PY) bench/web.py
	$(PY) bench/scale.py

# Rebuild the coder's trained components (src/geostance/data/coder) from train/corpus and the
# peer suites' train splits in ../shared/eval (about an hour on two cores); see docs/coding.md.
train: $(STAMP)
	$(PY) train/validate_corpus.py train/corpus/*/ > /dev/null
	$(PY) train/ensemble.py --train

serve: $(STAMP)
	$(VENV)/bin/geostance serve --db "$(DEMO_DB)"

clean:
	rm -rf demo-out .pytest_cache .mypy_cache .ruff_cache
