# NewsLens: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv and install the locked requirements when needed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
CORPUS ?= seeds

.PHONY: run test lint format lock bench bench-throughput bench-ner bench-countries bench-dates bench-scale bench-load screenshots clean

run: $(VENV)/.runtime
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false -- --corpus $(CORPUS)

test: $(VENV)/.dev
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --require-hashes --no-deps -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --require-hashes --no-deps -r requirements-dev.txt
	touch $@

# Recompile the hash-pinned locks from requirements.in / requirements-dev.in.
lock: | $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--output-file requirements.txt requirements.in
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--output-file requirements-dev.txt requirements-dev.in

bench: bench-throughput bench-ner bench-countries bench-dates

bench-throughput: $(VENV)/.dev
	$(PY) benchmarks/throughput.py --n 1000

bench-ner: $(VENV)/.dev
	$(PY) benchmarks/ner_eval.py

bench-countries: $(VENV)/.dev
	$(PY) benchmarks/country_eval.py

bench-dates: $(VENV)/.dev
	$(PY) benchmarks/date_eval.py

bench-scale: $(VENV)/.dev
	$(PY) benchmarks/scale.py

clean:
	rm -rf .newslens-cache .pytest_cache .ruff_cache
