"""What the dashboard says instead of a stack trace: no data yet, unreachable, busy."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.dashboard.conftest import PAGES, open_page


@pytest.mark.parametrize("page", list(PAGES))
def test_a_missing_warehouse_says_run_make_run(page: str, data_dir: Path):
    app = open_page(page)
    assert not app.exception
    assert any("no data yet: run `make run`" in info.value.lower() for info in app.info)


def test_a_warehouse_without_marts_says_run_make_run(data_dir: Path):
    duckdb.connect(str(data_dir / "warehouse.duckdb")).close()
    app = open_page("sales")
    assert not app.exception
    assert any("no data yet: run `make run`" in info.value.lower() for info in app.info)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_warehouse_names_the_target_without_its_password(monkeypatch, tmp_path):
    port = _closed_port()
    monkeypatch.setenv("WAREHOUSE_TARGET", "postgres")
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", "postgresql+psycopg://u@127.0.0.1/t")
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", "mysql+pymysql://u@127.0.0.1/s")
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", str(tmp_path / "lake"))
    monkeypatch.setenv(
        "DESTINATION__POSTGRES__CREDENTIALS",
        f"postgresql+psycopg://reporter:fake-Sup3rSecretPw@127.0.0.1:{port}/warehouse",
    )
    app = open_page("sales")
    assert not app.exception
    [error] = app.error
    assert "target 'postgres'" in error.value
    assert f"reporter:***@127.0.0.1:{port}/warehouse" in error.value
    assert "fake-Sup3rSecretPw" not in error.value


# Other processes, as a running cycle or a manual dbt run would be (DuckDB locks per process):
# the cycle's own lock (ingestion.warehouse_lock), and a plain DuckDB writer.
_HOLD_CYCLE_LOCK = """
import sys, time
from ingestion import warehouse_lock
with warehouse_lock("duckdb:///" + sys.argv[1]):
    print("locked", flush=True)
    time.sleep(120)
"""
_HOLD_WRITE_LOCK = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("holder_script", [_HOLD_CYCLE_LOCK, _HOLD_WRITE_LOCK])
def test_a_locked_warehouse_shows_busy(
    holder_script: str, built_data_dir: Path, tmp_path: Path, local_env
):
    # A copy, so that results cached from the other tests' runs do not answer for it.
    copy = tmp_path / "data"
    copy.mkdir()
    shutil.copy(built_data_dir / "warehouse.duckdb", copy / "warehouse.duckdb")
    local_env(copy)
    holder = subprocess.Popen(
        [sys.executable, "-c", holder_script, str(copy / "warehouse.duckdb")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        app = open_page("sales")
    finally:
        holder.kill()
        holder.wait()
    assert not app.exception
    assert any("busy: a pipeline cycle is writing" in warning.value for warning in app.warning)
