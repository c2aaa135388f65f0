"""The real thing: `streamlit run` on the built warehouse, each page in headless Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
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
# URL path of each page (st.Page names it after the file) and the fewest charts it draws (the
# money charts are one per currency, at least two here). A deep link comes first, as a bookmarked
# page would be opened on a freshly started server.
PAGES = {
    "stock_platform": ("stock_platform", 5),
    "purchases_payments": ("purchases_payments", 3),
    "pipeline_health": ("pipeline_health", 2),
    "": ("sales", 4),
}
NAVIGATION = ["Sales", "Purchases and payments", "Stock platform", "Pipeline health"]
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
DRAWN = ".vega-embed canvas, .vega-embed svg"
SCRIPT_FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@dataclass
class Rendered:
    """What a person sees on one page, read from the browser's DOM."""

    title: str
    errors: list[str]
    charts: int
    chart_texts: list[str]  # the words of each chart (Streamlit draws Vega-Lite as SVG)
    metrics: dict[str, str]  # label -> value
    navigation: list[str]
    deploy_buttons: int
    screenshot: Path


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


@pytest.fixture
def warehouse_sql(built_data_dir: Path) -> Callable[[str], list[tuple]]:
    """Rows of a query on the warehouse the dashboard reads, opened read-only apart from it."""

    def rows(sql: str) -> list[tuple]:
        with duckdb.connect(str(built_data_dir / "warehouse.duckdb"), read_only=True) as conn:
            return conn.sql(sql).fetchall()

    return rows


def _screenshot_whole_page(page, path: Path) -> Path:
    """Streamlit scrolls inside its main block, not the document: grow the window to fit it."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 50, 8000)})
    page.wait_for_timeout(1500)  # let Vega-Lite re-lay out its charts at the new size
    page.screenshot(path=str(path), full_page=True)
    return path


def _read(page, charts: int, screenshot: Path) -> Rendered:
    page.wait_for_selector("h1", timeout=60_000)
    page.locator(DRAWN).nth(charts - 1).wait_for(timeout=60_000)
    # The script may still be adding elements below the last chart: let it finish.
    page.wait_for_selector(SCRIPT_FINISHED, timeout=60_000)
    screenshot = _screenshot_whole_page(page, screenshot)  # waits for the layout to settle too
    labels = page.get_by_test_id("stMetricLabel").all_inner_texts()
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    return Rendered(
        title=page.locator("h1").first.inner_text().strip(),
        errors=page.locator(ERRORS).all_inner_texts(),
        charts=page.locator(DRAWN).count(),
        chart_texts=[
            " ".join(svg.locator("text").all_text_contents())
            for svg in page.locator(".vega-embed svg").all()
        ],
        metrics=dict(zip((label.strip() for label in labels), values, strict=True)),
        navigation=page.get_by_test_id("stSidebarNav").inner_text().splitlines(),
        deploy_buttons=page.get_by_test_id("stAppDeployButton").count(),
        screenshot=screenshot,
    )


@pytest.fixture(scope="module")
def rendered(
    chromium: Path, dashboard_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Rendered]:
    """Every page, each opened at its own URL in headless Chromium, as a person reads it."""
    from playwright.sync_api import sync_playwright

    shots = tmp_path_factory.mktemp("screenshots")
    pages = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            for path, (name, charts) in PAGES.items():
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{dashboard_url}/{path}", wait_until="domcontentloaded")
                pages[name] = _read(page, charts, shots / f"{name}.png")
                page.close()
        finally:
            browser.close()
    print(f"screenshots: {shots}")
    return pages


@pytest.mark.parametrize("name", [name for name, _ in PAGES.values()])
def test_each_page_renders_its_charts_without_errors(rendered: dict[str, Rendered], name: str):
    shown = rendered[name]
    assert shown.errors == []
    assert shown.charts >= dict(PAGES.values())[name]
    assert shown.title
    assert [line for line in shown.navigation if line in NAVIGATION] == NAVIGATION
    assert shown.screenshot.stat().st_size > 10_000
    assert shown.deploy_buttons == 0, "the toolbar offers to deploy the dashboard"


SALES_CURRENCIES = """
select distinct c.currency_code
from marts.fact_sales_order as f
inner join marts.dim_currency as c on f.currency_key = c.currency_key
"""


@pytest.mark.parametrize("name", ["sales", "purchases_payments"])
def test_no_chart_or_amount_mixes_currencies(
    rendered: dict[str, Rendered], name: str, warehouse_sql
):
    codes = {code for (code,) in warehouse_sql("select currency_code from marts.dim_currency")}
    sold_in = {code for (code,) in warehouse_sql(SALES_CURRENCIES)}
    shown = rendered[name]
    seen = set()
    for text in shown.chart_texts:
        named = {code for code in codes if re.search(rf"\b{code}\b", text)}
        assert len(named) <= 1, f"a chart on {name} shows {sorted(named)}: {text[:200]}"
        seen |= named
    assert seen == sold_in  # each currency has charts of its own, which name it
    # Amounts are the figures shown with two decimals (counts have none).
    amounts = [label for label, value in shown.metrics.items() if re.search(r"\.\d\d$", value)]
    assert amounts, shown.metrics
    for label in amounts:
        named = {code for code in codes if re.search(rf"\b{code}\b", label)}
        assert len(named) == 1, f"the figure {label!r} on {name} is not in one currency"


# The oracle: SQL on the facts of the same warehouse, apart from the dashboard's and dbt's code.
LATEST_SALES_PER_CURRENCY = """
with versions as (
    select
        f.*,
        row_number() over (
            partition by sales_order_id
            order by last_updated_date desc, last_updated_time desc, sales_record_id desc
        ) as recency
    from marts.fact_sales_order as f
)
select c.currency_code, sum(v.units_sold * v.unit_price)
from versions as v
inner join marts.dim_currency as c on v.currency_key = c.currency_key
where v.recency = 1
group by c.currency_code
"""


def test_figures_shown_equal_the_marts(rendered: dict[str, Rendered], warehouse_sql):
    sales = rendered["sales"].metrics
    for code, value in warehouse_sql(LATEST_SALES_PER_CURRENCY):
        assert sales[f"Sales value {code}"] == f"{value:,.2f}"
    ((trades, traded),) = warehouse_sql(
        "select count(*), sum(abs(transaction_value)) from marts.fact_stock_transaction"
    )
    stock = rendered["stock_platform"].metrics
    assert (stock["Trades"], stock["Traded value"]) == (f"{trades:,}", f"{traded:,.2f}")
