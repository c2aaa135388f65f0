"""Dashboard fixtures: a warehouse built by the real pipeline, and the app under AppTest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from orchestration.settings import PROJECT_ROOT
from tests.warehouses import Warehouse

APP = PROJECT_ROOT / "dashboard" / "app.py"
PAGES = {
    "sales": "views/sales.py",
    "purchases_payments": "views/purchases_payments.py",
    "stock_platform": "views/stock_platform.py",
    "pipeline_health": "views/pipeline_health.py",
}


@pytest.fixture(scope="session")
def built_data_dir(warehouse_local: Warehouse) -> Path:
    """The data dir of the embedded test warehouse: two cycles with activity in between give
    fact versions, SCD2 dimension history and two run records in ops. The pages only read it."""
    return warehouse_local.settings.data_dir


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
