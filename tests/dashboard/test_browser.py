"""The real thing: `streamlit run` on the built warehouse, each page in headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration.settings import PROJECT_ROOT
from tests.conftest import REQUIRE_SERVERS
from tests.dashboard.conftest import APP

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHROMIUM = Path("/usr/bin/chromium")
# What Chromium needs on a closed network: no GPU, no QUIC, nothing fetched in the background.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# URL path of each page (st.Page names it after the file) and the charts it draws. A deep link
# comes first, as a bookmarked page would be opened on a freshly started server.
PAGES = {
    "stock_platform": ("stock_platform", 4),
    "purchases_payments": ("purchases_payments", 3),
    "pipeline_health": ("pipeline_health", 2),
    "": ("sales", 2),
}
NAVIGATION = ["Sales", "Purchases and payments", "Stock platform", "Pipeline health"]
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if REQUIRE_SERVERS:
            pytest.fail(f"{reason} [WAREHOUSE_REQUIRE_SERVERS=1]", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer on {url} within {seconds}s", pytrace=False)


@pytest.fixture(scope="module")
def dashboard_url(built_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard/app.py` as a user starts it, on a free port."""
    port = _free_port()
    env = {**os.environ, "WAREHOUSE_DATA_DIR": str(built_data_dir), "WAREHOUSE_TARGET": "local"}
    log = (tmp_path_factory.mktemp("streamlit") / "server.log").open("w")
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--browser.gatherUsageStats", "false"]
    server = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=log)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _screenshot_whole_page(page, path: Path) -> Path:
    """Streamlit scrolls inside its main block, not the document: grow the window to fit it."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 50, 8000)})
    page.wait_for_timeout(1500)  # let Vega-Lite re-lay out its charts at the new size
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_renders_its_charts_without_errors(
    chromium: Path, dashboard_url: str, path: str, tmp_path: Path
):
    from playwright.sync_api import sync_playwright

    name, charts = PAGES[path]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{dashboard_url}/{path}", wait_until="domcontentloaded")
            page.wait_for_selector("h1", timeout=60_000)
            drawn = page.locator(".vega-embed canvas, .vega-embed svg")
            drawn.nth(charts - 1).wait_for(timeout=60_000)
            # The script may still be adding elements below the last chart: let it finish.
            page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=60_000)
            screenshot = _screenshot_whole_page(page, tmp_path / f"{name}.png")
            errors = page.locator(ERRORS).all_inner_texts()
            title, drawn_count = page.locator("h1").first.inner_text(), drawn.count()
            navigation = page.get_by_test_id("stSidebarNav").inner_text().splitlines()
        finally:
            browser.close()
    print(f"screenshot: {screenshot}")
    assert errors == []
    assert drawn_count >= charts
    assert title.strip()
    assert [line for line in navigation if line in NAVIGATION] == NAVIGATION
    assert screenshot.stat().st_size > 10_000
