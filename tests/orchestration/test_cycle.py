"""A first cycle end to end on the embedded target: ops record, processed parquet, alerts, lock."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from ingestion.errors import IngestionError
from orchestration.cycle.cycle_report import CycleReport
from orchestration.cycle.run import run_cycle
from orchestration.settings import Settings, load_settings
from tests.orchestration.conftest import mail_body
from tests.orchestration.processed import assert_processed_is_the_marts, files_by_run

pytestmark = pytest.mark.e2e


def _source_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        return {
            name: connection.execute(
                sa.select(sa.func.count()).select_from(sa.table(name))
            ).scalar_one()
            for name in names
        }


def _assert_processed_matches_marts(settings: Settings, report: CycleReport) -> None:
    """Each mart's processed/ folder, read whole, is the mart; the files stamped with this run
    are those the cycle reports it wrote."""
    assert_processed_is_the_marts(settings)
    assert files_by_run(settings, report.run_id) == {
        name: mart.files_written for name, mart in report.published.items()
    }


def test_a_cycle_records_what_it_loaded_and_publishes_the_marts(local_sources, smtp_inbox) -> None:
    settings = load_settings()
    extracted_from_source = _source_counts(local_sources["totesys"])
    del extracted_from_source["_prisma_migrations"]  # the pipelines skip it by design

    report = run_cycle(settings)

    assert report.succeeded, report.error
    assert smtp_inbox == []
    test_outcomes = report.test_outcomes()
    assert test_outcomes["pass"] > 0 and test_outcomes["fail"] == 0
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        recorded = dict(
            connection.execute(
                'select "table", rows_extracted from ops.table_loads '
                "where run_id = ? and source = 'totesys'",
                [report.run_id],
            ).fetchall()
        )
        loaded = dict(
            connection.execute(
                'select "table", rows_loaded from ops.table_loads where run_id = ? '
                "and source = 'totesys'",
                [report.run_id],
            ).fetchall()
        )
        raw_counts = {
            table: connection.execute(f'select count(*) from raw_totesys."{table}"').fetchone()[0]
            for table in loaded
        }
        run = connection.execute(
            "select status, tests_failed from ops.runs where run_id = ?", [report.run_id]
        ).fetchone()
        nodes = connection.execute(
            "select count(*) from ops.dbt_nodes where run_id = ?", [report.run_id]
        ).fetchone()[0]
    # A first cycle extracts every source row and loads each into an empty raw table.
    assert recorded == {t: n for t, n in extracted_from_source.items() if t in recorded}
    assert set(recorded) == set(extracted_from_source)
    assert loaded == raw_counts
    assert run == ("success", 0)
    assert nodes == len(report.nodes)
    _assert_processed_matches_marts(settings, report)
    # Later cycles (new rows, an amended order: only what depends on it is rebuilt, one new
    # fact file) are checked on copies of the test warehouses (test_one_path.py).


def test_a_broken_source_sends_one_alert_naming_the_step(data_dir, smtp_inbox) -> None:
    settings = load_settings().with_sources(
        totesys="postgresql+psycopg://etl:fake-s3cr3tpw@127.0.0.1:1/totesys"
    )

    report = run_cycle(settings)

    assert report.status == "failed"
    assert report.failed_step == "ingest totesys"
    assert len(smtp_inbox) == 1
    body = mail_body(smtp_inbox[0])
    assert "Failed step: ingest totesys" in body
    assert "source totesys at 127.0.0.1:1 is unreachable" in body
    assert "fake-s3cr3tpw" not in body


class _CopiedProject(Settings):
    """Settings whose dbt project is a temp copy (so a test can break one of its tests)."""

    project_copy: Path | None = None

    @property
    def dbt_project_dir(self) -> Path:
        return self.project_copy or super().dbt_project_dir


def _project_with_failing_test(tmp_path: Path) -> Path:
    copy = tmp_path / "dbt_project"
    shutil.copytree(
        load_settings().dbt_project_dir, copy, ignore=shutil.ignore_patterns("target", "logs")
    )
    (copy / "tests" / "assert_no_sales_orders.sql").write_text(
        textwrap.dedent("""\
            -- injected by the test: fails whenever there is any sales order
            select sales_record_id from {{ ref('fact_sales_order') }}
        """)
    )
    return copy


def _published_runs(settings: Settings) -> dict[str, bytes]:
    """The run that wrote each file in `processed/`, and each manifest's."""
    processed = Path(settings.lake_url) / "processed"
    files = {
        str(path.relative_to(processed)): pq.read_schema(path).metadata[b"warehouse_run_id"]
        for path in processed.rglob("*.parquet")
    }
    manifests = {
        str(path.relative_to(processed)): path.read_bytes()
        for path in processed.glob("*/_manifest.json")
    }
    return {**files, **manifests}


def test_a_failing_dbt_test_sends_one_alert_naming_it(
    warehouse_local_copy, smtp_inbox, tmp_path
) -> None:
    base = load_settings()
    settings = _CopiedProject(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)})
    object.__setattr__(settings, "project_copy", _project_with_failing_test(tmp_path))
    published = _published_runs(base)

    report = run_cycle(settings)

    assert report.status == "failed"
    assert report.failed_step == "dbt build"
    assert len(smtp_inbox) == 1
    body = mail_body(smtp_inbox[0])
    assert "Failed step: dbt build" in body
    assert "assert_no_sales_orders" in body
    # The new test is built although no source changed (state:modified+), and a failed cycle
    # publishes nothing: processed/ is still what the last good cycle published.
    assert {node.unique_id.split(".")[-1] for node in report.nodes} >= {"assert_no_sales_orders"}
    assert published and _published_runs(base) == published


def test_the_lock_refuses_a_second_cycle(data_dir, smtp_inbox) -> None:
    settings = load_settings()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from ingestion import warehouse_lock
            with warehouse_lock({settings.warehouse_url!r}):
                print("locked", flush=True)
                time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(IngestionError, match="another cycle is running"):
            run_cycle(settings)
    finally:
        holder.kill()
        holder.wait()
    assert smtp_inbox == []
