# Two commands on a fresh machine: `make` (set up if needed, then process raw/ into output/) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAW    ?= raw
OUT    ?= output

# A venv whose interpreter no longer runs (moved repo, upgraded Python) is rebuilt.
ifneq ($(shell test -x $(BIN)/python && $(BIN)/python -c "import pipeline" 2>/dev/null && echo ok),ok)
$(shell rm -f $(STAMP))
endif

.PHONY: all run install test lint bench compare pdfs wheel check-wheel clean

all: run

# The distribution was called `pipeline` before it became `press-pipeline`: a venv made then loses the old one.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip uninstall --quiet --yes pipeline 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,cluster,analysis,compare]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m pipeline run --raw $(RAW) --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/ruff format --check pipeline tests scripts

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

compare: $(STAMP)
	$(BIN)/python scripts/compare.py

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --no-deps --quiet --wheel-dir dist .

check-wheel: $(STAMP)
	$(BIN)/python scripts/check_wheel.py

pdfs: $(STAMP)
	$(BIN)/python scripts/make_pdfs.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
	find $(OUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
