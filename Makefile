# The two commands: `make run` (set up, build the graph from data/, serve it) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test build lint bench soak clean ui test-setup

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP) ui
	$(BIN)/unga-kg build
	$(BIN)/unga-kg serve --host 127.0.0.1 --port 8000

build: $(STAMP)
	$(BIN)/unga-kg build

test: $(STAMP) ui test-setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/endpoint_latency.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/update.py
	$(BIN)/python bench/build.py
	$(BIN)/python bench/gallery_times.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/validate.py --repeat 1

# Long reliability runs (not in `make test`): 8 clients for 60 s after 60 s of warm-up, many more fuzz examples,
# a longer schemathesis run, the kill -9 tests; results in docs/reliability.md.
soak: $(STAMP)
	$(BIN)/python bench/soak.py --seconds 60 --clients 8
	FUZZ_EXAMPLES=500 $(BIN)/python -m pytest -q tests/test_fuzz_loaders.py tests/test_fuzz_marcxml.py \
		tests/test_fuzz_reference_loaders.py tests/test_fuzz_openapi.py \
		tests/test_reliability.py tests/test_reliability_endpoint.py

clean:
	rm -rf $(VENV) var build *.egg-info

# Query UI: YASGUI from the npm registry into graph/web/static/vendor (not committed), and the
# map shapes of the resolution pages (world-atlas: Natural Earth countries, public domain).
# One npm install for both: a later --no-save install would prune the other package.
YASGUI := graph/web/static/vendor/node_modules/@zazuko/yasgui/build/yasgui.min.js
WORLD_ATLAS := graph/web/static/vendor/node_modules/world-atlas/countries-50m.json
NPM_PACKAGES := @zazuko/yasgui@4.6.2 world-atlas@2.0.2
ui: $(YASGUI) $(WORLD_ATLAS)
$(YASGUI) $(WORLD_ATLAS) &:
	mkdir -p graph/web/static/vendor
	cd graph/web/static/vendor && npm install --no-audit --no-fund --no-save --prefix . $(NPM_PACKAGES)

# Headless Chromium for tests/test_ui.py (Debian packages); skipped when already installed.
test-setup: $(STAMP)
	@command -v chromium >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium chromium-driver; }
	@$(BIN)/python -c "import playwright" 2>/dev/null || $(BIN)/python -m pip install --quiet 'playwright>=1.45,<2'
