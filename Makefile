# The two commands a new user types: `make run` and `make test`. Each sets up its own environment:
# a private uv (in .tools/) and the locked virtualenv (.venv/), so nothing is needed beforehand
# but Python 3.11+ and make.
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv/.synced
BIN := .venv/bin

.PHONY: run test lint format setup clean

setup: $(VENV)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.5"

$(VENV): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	touch $@

run: $(VENV)
	$(BIN)/warehouse generate --scale 0.1 --seed 42 --reset

lint: $(VENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

format: $(VENV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf .venv .tools data dbt_project/target dbt_project/logs
