"""Long extracts and loads report rows so far per table: plain log lines off a terminal."""

from __future__ import annotations

import logging

from dlt.common.runtime.collector import LogCollector

from ingestion.targets import progress_collector


def test_off_a_terminal_progress_goes_to_the_log_as_rows_per_table(caplog) -> None:
    collector = progress_collector()  # pytest captures stderr: not a terminal
    assert isinstance(collector, LogCollector)
    assert collector.log_period == 10.0  # a short step adds no lines at all
    with caplog.at_level(logging.INFO, logger="ingestion.progress"), collector("Extract"):
        collector.update("sales_order", 50_000)
        collector.update("sales_order", 25_000)
        collector.dump_counters()
    lines = [r.getMessage() for r in caplog.records if r.name == "ingestion.progress"]
    assert any("sales_order: 75000" in line for line in lines), lines
