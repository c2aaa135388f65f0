"""One cycle per warehouse: a second process is refused; the holder may re-enter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ingestion import IngestionError, warehouse_lock
from tests.ingestion.conftest import Deployment

REPO = Path(__file__).resolve().parents[2]
HOLD_LOCK = (
    "import sys\n"
    "from ingestion import warehouse_lock\n"
    "with warehouse_lock(sys.argv[1]):\n"
    "    print('held', flush=True)\n"
    "    sys.stdin.read()\n"
)


def _with_password(url: str) -> str:
    # Trust auth ignores the password; the point is that no message ever shows it.
    if url.startswith("duckdb"):
        return url
    return make_url(url).set(password="s3cret-pw").render_as_string(hide_password=False)


def test_second_process_is_refused_and_holder_reenters(deployment: Deployment) -> None:
    d = deployment
    d.generate("stock_db")
    d.warehouse_url = _with_password(d.warehouse_url)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, d.warehouse_url],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(IngestionError, match="another cycle is running") as refused:
            d.ingest("stock_db")
        assert "s3cret-pw" not in str(refused.value)
    finally:
        holder.communicate(input="")
    with warehouse_lock(d.warehouse_url), warehouse_lock(d.warehouse_url):
        report = d.ingest("stock_db")  # takes the lock a third time, in the same process
    assert report.tables["stock"].loaded > 0
