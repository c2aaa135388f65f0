# The two commands a new user types: `make run` and `make test`. Each sets up its own environment:
# a private uv (in .tools/) and the locked virtualenv (.venv/), so nothing is needed beforehand
# but Python 3.11+ and make.
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv/.synced
# checkov in its own locked environment (infra/checks/pyproject.toml says why).
CHECKOV_ENV := .tools/checkov/.synced
BIN := .venv/bin
PACKAGES := common ingestion seeds_generator orchestration dashboard

.PHONY: setup run test coverage lint lint-sql test-faults test-all bench dagster dashboard docs audit format clean

setup: $(VENV) $(CHECKOV_ENV)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.5"

# --quiet: uv's list of the ~230 packages it installs says nothing a user needs; errors still show.
# --compile-bytecode: every cycle, dbt run and test starts Python processes that import dagster,
# dbt and dlt. Where PYTHONDONTWRITEBYTECODE is set (CI hosts often set it), each of those
# processes would otherwise compile them again (docs/testing.md).
SYNC := sync --frozen --quiet --compile-bytecode
$(VENV): $(UV) pyproject.toml uv.lock
	$(UV) $(SYNC)
	touch $@

$(CHECKOV_ENV): $(UV) infra/checks/pyproject.toml infra/checks/uv.lock
	UV_PROJECT_ENVIRONMENT=$(CURDIR)/.tools/checkov $(UV) $(SYNC) --project infra/checks
	touch $@

# Generates small sources on first use, then three cycles with simulated activity in between,
# so history (new dimension versions, amended orders) appears in the marts.
run: $(VENV)
	DAGSTER_HOME=$(CURDIR)/dagster_home $(BIN)/warehouse run --cycles 3 --simulate --interval 1d

lint: $(VENV) lint-sql
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -ll -r $(PACKAGES)
	$(BIN)/hadolint Dockerfile

# Every dbt SQL file in CI; locally only what differs from main (LINT_ALL=1 for every file).
lint-sql: $(VENV)
	scripts/lint-sql

# The tier to run before every push, and what CI runs: the lint gates, then every test, with
# each SIGKILL campaign at a random sample of its kill points (the seed is printed at the end).
# Two xdist workers: the tests wait on servers and child processes; the readers of the shared
# test warehouses stay on one worker (xdist_group). --durations names the slowest tests.
PYTEST_WORKERS := -n 2 --dist loadgroup
test: lint $(CHECKOV_ENV)
	$(BIN)/pytest $(PYTEST_WORKERS) --durations=15

# The same tests under coverage, held to its floor (pyproject.toml). Run on main (test-all), not
# before every push: the tracer costs every in-process dbt, dlt and generator call, and made the
# suite about a quarter slower (docs/testing.md).
coverage: $(VENV) $(CHECKOV_ENV)
	$(BIN)/pytest $(PYTEST_WORKERS) --cov --cov-report=term --durations=15

# The fault suite with every kill point of both SIGKILL campaigns (docs/reliability.md).
# WAREHOUSE_FAULT_SEED=<seed> make test-faults reruns the sample that seed chose instead.
test-faults: $(VENV)
	WAREHOUSE_FAULT_POINTS=all $(BIN)/pytest $(PYTEST_WORKERS) -m faults --durations=15

# Every gate: lint, every test under coverage, then the whole fault campaign.
test-all: lint coverage test-faults

# The bench group adds Sling beside the project's own dependencies.
bench: $(VENV)
	$(UV) $(SYNC) --group bench
	$(BIN)/python bench/run_all.py

# The Dagster UI on http://localhost:3000 (dg dev: webserver and daemon; the instance's
# configuration is dagster_home/dagster.yaml). Ctrl-C or SIGTERM stops all of it.
dagster: $(VENV)
	DAGSTER_HOME=$(CURDIR)/dagster_home VIRTUAL_ENV=$(CURDIR)/.venv \
		$(BIN)/python scripts/dagster_ui.py --port 3000

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
	rm -rf .venv .tools data dbt_project/target dbt_project/logs
	find dagster_home -mindepth 1 ! -name dagster.yaml -exec rm -rf {} +
