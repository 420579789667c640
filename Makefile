# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz clean

$(STAMP): pyproject.toml setup.py $(wildcard src/provscan/_core/*.c src/provscan/_core/*.h)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: set up, build the sample corpus, scan it and write the report to reports/sample/
demo: $(STAMP)
	rm -rf data/sample .provscan/sample-store
	$(BIN)/provscan sample-corpus data/sample
	$(BIN)/provscan scan --config configs/sample.yaml
	$(BIN)/provscan report --store .provscan/sample-store --out reports/sample --declaration configs/declaration.yaml

## test: set up if needed and run the tests, lint, type checks and the import contracts
test: $(STAMP)
	$(BIN)/pytest
	$(BIN)/ruff check src tests $(wildcard benchmarks/*.py) $(wildcard pipelines/*.py)
	$(BIN)/mypy src
	$(BIN)/lint-imports

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks/*.py) $(wildcard pipelines/*.py)
	$(BIN)/mypy src
	$(BIN)/lint-imports

## fuzz: the reader fuzz tests for a minute per format (make test runs them for 2 s each)
fuzz: $(STAMP)
	PROVSCAN_FUZZ_SECONDS=$${PROVSCAN_FUZZ_SECONDS:-60} $(BIN)/pytest tests/test_fuzz_readers.py -p no:cacheprovider

## bench: time provscan against the DuckDB floor on a generated corpus (see benchmarks/)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .provscan data/sample
