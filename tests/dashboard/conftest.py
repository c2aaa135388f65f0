"""Dashboard fixtures: a warehouse built by the real pipeline, and the app under AppTest."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from orchestration.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "dashboard" / "app.py"
PAGES = {
    "sales": "views/sales.py",
    "purchases_payments": "views/purchases_payments.py",
    "stock_platform": "views/stock_platform.py",
    "pipeline_health": "views/pipeline_health.py",
}
# Small enough for a 2-core CI machine; two cycles with simulated activity in between give
# fact versions, SCD2 dimension history and two run records in ops.
SCALE = "0.05"
CYCLES = "2"


def _warehouse_cli(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "WAREHOUSE_DATA_DIR": str(data_dir), "WAREHOUSE_TARGET": "local"}
    command = [sys.executable, "-m", "orchestration.cli", *args]
    done = subprocess.run(
        command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1200
    )
    if done.returncode != 0:
        pytest.fail(
            f"`warehouse {' '.join(args)}` failed ({done.returncode}):\n{done.stderr[-3000:]}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose sources, lake and DuckDB warehouse the real pipeline built."""
    data_dir = tmp_path_factory.mktemp("dashboard_warehouse") / "data"
    data_dir.mkdir()
    _warehouse_cli(data_dir, "generate", "--scale", SCALE, "--seed", "7")
    _warehouse_cli(data_dir, "run", "--cycles", CYCLES, "--simulate")
    return data_dir


@pytest.fixture
def marts(built_data_dir: Path) -> Callable[[str], pd.DataFrame]:
    """Reads a whole table of the built warehouse (`marts.x`, `ops.y`), independently of the app."""

    def read(table: str) -> pd.DataFrame:
        with duckdb.connect(str(built_data_dir / "warehouse.duckdb"), read_only=True) as conn:
            return conn.sql(f"select * from {table}").df()

    return read


@pytest.fixture
def local_env(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    def point_at(data_dir: Path) -> None:
        monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(data_dir))
        monkeypatch.setenv("WAREHOUSE_TARGET", "local")

    return point_at


def open_page(name: str) -> AppTest:
    """The app, switched to one page and run."""
    app = AppTest.from_file(str(APP), default_timeout=120).run()
    return app.switch_page(PAGES[name]).run()
