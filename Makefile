# NewsLens: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv and install the hash-locked requirements (requirements*.lock) when
# needed. requirements*.txt are the same pins without hashes, for a plain
# `pip install -r requirements.txt` with any pip (generated from the locks, never edited).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
CORPUS ?= seeds
# pytest-xdist workers of `make test` and `make test-fast` (0: one process, no workers).
TEST_WORKERS ?= auto

.PHONY: run test test-fast check-install lint format lock bench bench-throughput bench-ner bench-countries bench-dates bench-scale bench-load screenshots clean

# The same command as `newslens serve` (ui/launch.py: streamlit run, with the first page's
# imports and the corpus loaded as the server starts).
run: $(VENV)/.package
	$(PY) -m analysis serve $(CORPUS) --port $(PORT)

# Every test: first the fast ones (all but marker `slow`) with every property test's full
# number of examples, spread over one pytest-xdist worker per core (`--dist loadfile`: a
# module's fixtures built once); then the slow ones (real corpora, real processes), spread
# the same way; then the browser tests (marker `e2e`), spread the same way, each worker
# with its own servers and Chromium, in a run of their own: Playwright keeps asyncio's
# child-watcher thread for the whole session, and the fork tests refuse to start beside a
# thread (tests/analysis/test_pool.py); last the slow tests that bound how long real work
# takes by the clock (marker `timed`), in one process, one at a time, so no timing shares
# the cores with another test.
test: $(VENV)/.dev
	$(PY) -m pytest -m "not slow" -n $(TEST_WORKERS) --dist loadfile
	$(PY) -m pytest -m "slow and not e2e and not timed" -n $(TEST_WORKERS) --dist loadfile
	$(PY) -m pytest -m "slow and e2e and not timed" -n $(TEST_WORKERS) --dist loadfile
	$(PY) -m pytest -m "slow and timed"

# The quick loop: everything except the integration tests that build real corpora, time real
# processes or drive a browser, with a quarter of each property test's Hypothesis examples
# (tests/properties.py; `make test` runs them all), on one pytest-xdist worker per CPU core
# (`-n auto`; set TEST_WORKERS=0 for one process, no workers). `--dist loadfile` keeps each
# test file on one worker, in order, so a module's fixtures (a built sample corpus) are
# built once. Python's own default of caching compiled modules is kept for this loop even
# where the environment sets PYTHONDONTWRITEBYTECODE: otherwise every run and every worker
# compiles the app and rewrites the asserts of ~170 test modules again (collection 7.8 s ->
# 4.1 s per worker on the 2-core machine; the caches are in .gitignore).
test-fast: $(VENV)/.dev
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -m "not slow" --hypothesis-profile=fast -n $(TEST_WORKERS) --dist loadfile

# A fresh venv with its own pip: pip install -r requirements.txt, pip install ., newslens.
check-install:
	PYTHON=$(PYTHON) bash .ci/fresh_venv.sh

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.runtime: requirements.lock | $(PY)
	$(PY) -m pip install --require-hashes --no-deps -r requirements.lock
	touch $@

$(VENV)/.dev: requirements.lock requirements-dev.lock $(VENV)/.runtime $(VENV)/.package
	$(PY) -m pip install --require-hashes --no-deps -r requirements-dev.lock
	touch $@

# The project itself, editable (the `newslens` command; tests and benchmarks import
# it), with the locked setuptools: nothing is downloaded.
$(VENV)/.package: pyproject.toml $(VENV)/.runtime
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Recompile the hash-pinned locks from requirements.in / requirements-dev.in, then the
# plain pins derived from them (tests/test_environment.py checks that both agree).
lock: | $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--output-file requirements.lock requirements.in
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--output-file requirements-dev.lock requirements-dev.in
	$(MAKE) --always-make requirements.txt requirements-dev.txt

# The lock without its header, index lines and hashes: the same pins, installable by the
# pip a fresh `python -m venv` ships (a hashed install refuses the extras and floors
# that some packages declare, e.g. justext's lxml[html_clean]).
UNHASH = sed -e '1,/^$$/d' -e '/^ *--hash=/d' -e 's/ \\$$//'

requirements.txt: requirements.lock
	{ echo "# Pinned runtime requirements: pip install -r requirements.txt"; \
	  echo "# Generated from requirements.lock (make lock); edit requirements.in instead."; \
	  echo; $(UNHASH) $<; } > $@

requirements-dev.txt: requirements-dev.lock requirements.txt
	{ echo "# Pinned development requirements: pip install -r requirements-dev.txt"; \
	  echo "# Generated from requirements-dev.lock (make lock); edit requirements-dev.in."; \
	  echo "-r requirements.txt"; echo; $(UNHASH) $<; } > $@

bench: bench-throughput bench-ner bench-countries bench-dates

bench-throughput: $(VENV)/.dev
	$(PY) -m benchmarks.throughput --n 1000

bench-ner: $(VENV)/.dev
	$(PY) -m benchmarks.ner_eval

bench-countries: $(VENV)/.dev
	$(PY) -m benchmarks.country_eval

bench-dates: $(VENV)/.dev
	$(PY) -m benchmarks.date_eval

bench-scale: $(VENV)/.dev
	$(PY) -m benchmarks.scale

# Refresh the README's screenshots (docs/screenshots/) from the browser tests; a plain test
# run saves them in a temporary folder and never changes tracked files.
screenshots: $(VENV)/.dev
	NEWSLENS_SCREENSHOTS=1 $(PY) -m pytest tests/e2e -q -k "pages or timeline or countries_map or entities_browser or report_offline"

# Also setuptools' build/ and *.egg-info, which `pip install .` writes into the checkout
# and never cleans: a module deleted since would still be in build/lib, and shipped.
clean:
	rm -rf .newslens-cache .pytest_cache .ruff_cache build *.egg-info
