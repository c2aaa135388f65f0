# The two commands a new user types: `make run` and `make test`. Each sets up its own environment:
# a private uv (in .tools/) and the locked virtualenv (.venv/), so nothing is needed beforehand
# but Python 3.11+ and make.
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv/.synced
BIN := .venv/bin
PACKAGES := ingestion seeds_generator orchestration dashboard

.PHONY: setup run test lint test-faults bench dagster dashboard docs audit format clean

setup: $(VENV)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.5"

$(VENV): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	touch $@

# Generates small sources on first use, then three cycles with simulated activity in between,
# so history (new dimension versions, amended orders) appears in the marts.
run: $(VENV)
	$(BIN)/warehouse run --cycles 3 --simulate --interval 4h

# sqlfluff's dbt templater compiles against a DuckDB file: give it a throw-away one.
lint: $(VENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -ll -r $(PACKAGES)
	WAREHOUSE_DUCKDB_PATH=$$(mktemp -d)/lint.duckdb $(BIN)/sqlfluff lint dbt_project

# --durations: the slowest tests are named in every CI log (19-50 min on 2 cores, depending on the host's speed that hour: 28-30 min on 2026-11-28; 50.5, 19 and 33.5 min on 2026-11-29; the two SIGKILL campaigns about two fifths of it).
test: lint
	$(BIN)/pytest --cov --cov-report=term --durations=15

test-faults: $(VENV)
	$(BIN)/pytest -m faults

bench: $(VENV)
	$(BIN)/python bench/run_all.py

dagster: $(VENV)
	mkdir -p .dagster_home
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(BIN)/dagster dev -m orchestration.definitions

dashboard: $(VENV)
	$(BIN)/streamlit run dashboard/app.py --server.headless true --browser.gatherUsageStats false

docs: $(VENV)
	cd dbt_project && ../$(BIN)/dbt docs generate && ../$(BIN)/dbt docs serve --port 8080

# Needs internet access to the vulnerability databases (PyPI JSON API, OSV): not reachable in CI here.
audit: $(VENV)
	$(UV) export --frozen --no-hashes --no-emit-project > .venv/requirements-audit.txt
	$(BIN)/pip-audit --strict -r .venv/requirements-audit.txt

format: $(VENV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf .venv .tools data .dagster_home dbt_project/target dbt_project/logs
