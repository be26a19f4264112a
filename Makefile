# kg — make targets. `make demo` and `make test` do all set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= embedded://.kg/graph
OUT ?= out

.PHONY: install demo test lint typecheck bench neo4j-jars browser clean fuzz

install: $(STAMP) neo4j-jars browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Neo4j 5 Community server jars from Maven Central (GPL, kept apart in tools/neo4j).
neo4j-jars:
	@if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory -C tools/neo4j jars; \
	else echo "make: java/mvn not found: the Neo4j server will not be available"; fi

# Headless Chromium for the browser tests and benchmarks (Debian package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "make: could not install chromium: browser tests will be skipped"; \
	  else echo "make: chromium missing (apt-get install chromium): browser tests will be skipped"; fi; }

demo: install
	$(BIN)/kg build data/gazettes --store $(STORE) --replace
	@bash scripts/demo.sh "$(BIN)/kg" "$(STORE)" "$(OUT)"

test: install
	$(BIN)/pytest -q -rs

# The property tests' long profile (make test runs them briefly).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/test_fuzz.py tests/test_idempotence.py -k "fuzz or any_text or layout or merge"

lint:
	$(BIN)/ruff check kg extractors queries visualisations tests
	$(BIN)/mypy kg extractors queries visualisations

# KG_BENCH_SIZE=small|tiny for a shorter run; the last line printed is the JSON of the eight ratios.
bench: install $(VENV)/.bench-installed
	@if command -v npm >/dev/null 2>&1 && [ ! -d node_modules/playwright-core ]; then npm ci --silent --no-audit --no-fund; fi
	$(BIN)/python bench/run_all.py

$(VENV)/.bench-installed: pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

clean:
	rm -rf .kg $(OUT) .pytest_cache .mypy_cache .ruff_cache node_modules
