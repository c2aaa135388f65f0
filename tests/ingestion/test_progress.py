"""dlt's progress as plain log lines: tables, rows and time, no load ids, rates or dlt internals."""

from __future__ import annotations

import logging
import re

import dlt

from ingestion.progress import RowsCollector


def _run(tmp_path, collector: RowsCollector) -> None:
    pipeline = dlt.pipeline(
        "progress_test",
        destination=dlt.destinations.duckdb(credentials=str(tmp_path / "progress.duckdb")),
        dataset_name="raw_test",
        pipelines_dir=str(tmp_path / "pipelines"),
        progress=collector,
    )
    rows = {"sales_order": [{"id": i} for i in range(750)], "staff": [{"id": 1}, {"id": 2}]}
    pipeline.run([dlt.resource(items, name=name) for name, items in rows.items()])


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "ingestion.progress"]


def test_a_long_step_reports_rows_per_table_and_its_time(tmp_path, caplog) -> None:
    # A period of 0: every update is "long", as each line of an extract of millions of rows is.
    with caplog.at_level(logging.INFO, logger="ingestion.progress"):
        _run(tmp_path, RowsCollector("totesys → lake", log_period=0))
    lines = _lines(caplog)
    done = [line for line in lines if "so far" not in line]
    # One line as each step ends (dlt's extract of its own state says nothing).
    assert [line.split(":")[0] for line in done] == [
        "totesys → lake, extract",
        "totesys → lake, normalize",
        "totesys → lake, load",
    ]
    assert re.fullmatch(r"totesys → lake, load: (\d+) of \1 jobs in \d+s", done[-1]), done[-1]
    extract = next(line for line in done if ", extract:" in line)
    assert re.fullmatch(
        r"totesys → lake, extract: 752 rows in 2 tables \(sales_order 750, staff 2\) in \d+s",
        extract,
    ), extract
    for line in lines:
        assert "_dlt" not in line and "Rate" not in line, line
        assert not re.search(r"\d{10}\.\d+", line), line  # a load id


def test_a_short_step_adds_no_line(tmp_path, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="ingestion.progress"):
        _run(tmp_path, RowsCollector("totesys → lake"))
    assert _lines(caplog) == []
