"""`make dagster`'s UI stops whole on SIGTERM, as on Ctrl-C: no webserver, daemon or code server
is left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import _free_port

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def _serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
            return True
    except OSError:
        return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(1)
    return False


def test_sigterm_stops_the_webserver_the_daemon_and_the_code_servers(tmp_path: Path) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home)
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "WAREHOUSE_DATA_DIR": str(tmp_path / "data")}
    ui = subprocess.Popen(
        [sys.executable, str(REPO / "scripts" / "dagster_ui.py"), "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert _wait_until(lambda: _serving(port), 240), "the UI did not start"
        dg_dev = int(subprocess.check_output(["pgrep", "-P", str(ui.pid)]).split()[0])
        ui.send_signal(signal.SIGTERM)
        assert ui.wait(timeout=90) is not None
        assert _wait_until(lambda: not _group_alive(dg_dev), 60), "Dagster processes left"
        assert not _serving(port)
    finally:
        if ui.poll() is None:
            ui.kill()
