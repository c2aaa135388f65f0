"""One cycle, one path: `warehouse run` and the Dagster job do the same work on the same change.

Two identical copies of the session's test warehouse get the same source change: an amended
order and a design deleted from the source. One runs `warehouse run` (the CLI, in a child
process as cron runs it); the other the Dagster job, in-process. They must build the same dbt
nodes (only what the change reaches), leave the same marts and the same `ops` rows (apart from
run ids and times), and publish to `processed/` only what changed. Then a failing dbt test must
send exactly one alert on each (on PostgreSQL, where cycles cost most, the failing test goes
through the Dagster job only).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import boto3
import dagster as dg
import pytest
import sqlalchemy as sa

from common.sources import RAW_SCHEMAS
from orchestration.cycle.publish import lake_filesystem
from orchestration.settings import Settings
from tests.conftest import unique_name
from tests.dbt.deployments import query, writable_sources
from tests.orchestration.conftest import mail_body
from tests.orchestration.processed import (
    assert_processed_is_the_marts,
    files_by_run,
    published_files,
)
from tests.warehouses import (
    carry_pipelines_over,
    copy_local,
    copy_postgres,
    copy_postgres_sources,
)

pytestmark = pytest.mark.e2e
WAREHOUSE_CLI = Path(sys.executable).parent / "warehouse"
# Columns of each ops table that are the same for the same work (no ids, times or durations).
OPS_COLUMNS = {
    "runs": "target, status, failed_step, rows_extracted, rows_loaded, tests_failed",
    "table_loads": 'source, "table", rows_extracted, rows_loaded, rows_deleted',
    "dbt_nodes": "unique_id, resource_type, layer, status",
    "run_steps": "step, status",
    "source_freshness": 'source, "table", status',
}
MART_COLUMNS = (
    "select table_name, column_name from information_schema.columns "
    "where table_schema = 'marts' order by table_name, ordinal_position"
)
# Past the calendar (dim_date): fails the relationships test of fact_payment (severity error).
FAILING_TEST = "relationships_fact_payment_payment_date__date_id__ref_dim_date"


@dataclasses.dataclass(frozen=True)
class Twins:
    cli: Settings
    dagster: Settings
    shared_sources: bool  # the two copies read one source database (PostgreSQL)

    def sources(self) -> list[dict[str, str]]:
        copies = [self.cli] if self.shared_sources else [self.cli, self.dagster]
        return [writable_sources(settings) for settings in copies]


@pytest.fixture(params=["local", "postgres"])
def twins(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Twins]:
    if request.param == "local":
        built = request.getfixturevalue("warehouse_local").settings
        yield Twins(copy_local(built, tmp_path / "cli"), copy_local(built, tmp_path / "dg"), False)
        return
    built = request.getfixturevalue("warehouse_postgres").settings
    admin, s3 = request.getfixturevalue("pg_admin"), request.getfixturevalue("s3_server")
    with (
        copy_postgres_sources(built, admin) as sources,
        copy_postgres(sources, admin) as cli,
        copy_postgres(sources, admin) as dagster,
    ):
        twins = (
            _own(built, copy, tmp_path / name, s3) for copy, name in [(cli, "cli"), (dagster, "dg")]
        )
        yield Twins(*twins, True)


def _own(built: Settings, copy: Settings, root: Path, s3: dict[str, str]) -> Settings:
    """The copy with its own data dir (dlt and dbt state) and its own lake bucket, holding a copy
    of the built lake. dlt's pipelines go on from the lake's state: over an empty bucket they
    would start again and extract every table whole."""
    shutil.copytree(copy.data_dir, root)
    bucket = unique_name("wh-twin").replace("_", "-")
    boto3.client("s3", **s3).create_bucket(Bucket=bucket)
    owned = dataclasses.replace(copy, data_dir=root, lake_url=f"s3://{bucket}/lake")
    carry_pipelines_over(owned.pipelines_dir, built.warehouse_url, owned.warehouse_url)
    filesystem, built_root = lake_filesystem(built)
    filesystem.copy(built_root, f"{bucket}/lake", recursive=True)
    return owned


def _amend_first_order(url: str) -> tuple[int, int]:
    """Amends one sales order as the application would: new units, a later last_updated.
    Returns the order's id and its new units."""
    _update_latest(url, "sales_order", "units_sold = units_sold + 1", "sales_order_id")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        amended = connection.exec_driver_sql(
            "select sales_order_id, units_sold from sales_order order by sales_order_id limit 1"
        ).one()
    engine.dispose()
    return amended[0], amended[1]


def _delete_an_unordered_design(url: str) -> None:
    """Hard-deletes a design that no order refers to (a deleted order would fail
    `reconciles_with_staging`: the fact keeps its versions, staging no longer has it)."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        deleted = connection.exec_driver_sql(
            "delete from design where design_id = (select max(design_id) from design "
            "where design_id not in (select design_id from sales_order))"
        )
        assert deleted.rowcount == 1
    engine.dispose()


def _pay_beyond_the_calendar(url: str) -> None:
    _update_latest(url, "payment", "payment_date = '2999-12-31'", "payment_id")


def _update_latest(url: str, table: str, assignment: str, key: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        newest = connection.exec_driver_sql(f"select max(last_updated) from {table}").scalar()
        later = _as_datetime(newest) + timedelta(seconds=1)
        connection.execute(
            sa.text(
                f"update {table} set {assignment}, last_updated = :later "  # nosec B608
                f"where {key} = (select min({key}) from {table})"
            ),
            {"later": later},
        )
    engine.dispose()


def _as_datetime(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _run_cli(settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings.as_environment()}
    return subprocess.run(
        [str(WAREHOUSE_CLI), "run"], env=env, capture_output=True, text=True, timeout=900
    )


def _run_dagster(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dg.ExecuteInProcessResult:
    from orchestration.dagster_defs.jobs import JOB_NAME
    from orchestration.definitions import defs

    with monkeypatch.context() as patch:
        for name, value in settings.as_environment().items():
            patch.setenv(name, value)
        job = defs.resolve_job_def(JOB_NAME)
        with dg.DagsterInstance.ephemeral() as instance:
            return job.execute_in_process(instance=instance, raise_on_error=False)


def _last_run_id(settings: Settings) -> str:
    return query(settings, "select run_id from ops.runs order by started_at desc limit 1")[0][0]


def _ops_rows(settings: Settings, run_id: str) -> dict[str, list[tuple]]:
    return {
        table: sorted(
            tuple(str(value) for value in row)
            for row in query(
                settings, f"select {columns} from ops.{table} where run_id = '{run_id}'"
            )  # nosec B608: fixed column lists, a run id read from ops
        )
        for table, columns in OPS_COLUMNS.items()
    }


def _marts_checksums(settings: Settings) -> dict[str, tuple]:
    """Each mart's row count and an order-independent hash of its rows.

    `loaded_at` is left out: it is when the row was loaded, which differs between two runs."""
    columns: dict[str, list[str]] = {}
    for table, column in query(settings, MART_COLUMNS):
        if column != "loaded_at":
            columns.setdefault(table, []).append(f"coalesce(\"{column}\"::varchar, '-')")
    hash_function = "hash" if settings.target == "local" else "hashtext"
    return {
        table: query(
            settings,
            f"select count(*), sum({hash_function}(concat_ws('|', {', '.join(values)}))) "
            f'from marts."{table}"',  # nosec B608: names from information_schema
        )[0]
        for table, values in columns.items()
    }


def _materialized_nodes(result: dg.ExecuteInProcessResult) -> set[str]:
    """Names of the dbt nodes the Dagster run shows as materialized."""
    return {
        event.asset_key.path[-1]
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] not in (*RAW_SCHEMAS.values(), "processed")
    }


def _built_nodes(ops: dict[str, list[tuple]]) -> set[str]:
    """Names of the dbt models, snapshots and seeds the cycle built, from its ops record."""
    return {
        unique_id.split(".")[-1]
        for unique_id, resource_type, _layer, status in ops["dbt_nodes"]
        if resource_type in ("model", "snapshot", "seed") and status == "success"
    }


def _failed_run(settings: Settings) -> list[tuple]:
    run_id = _last_run_id(settings)
    return query(settings, f"select status, failed_step from ops.runs where run_id = '{run_id}'")  # nosec B608: a run id read from ops


def _assert_published_only_the_change(
    settings: Settings, run_id: str, sales_files_before: dict[str, bytes]
) -> None:
    """processed/ is the marts again; the amendment is one new file of the sales fact, every
    earlier file of it is as the earlier cycles wrote it, and the deleted design's last version
    rewrote dim_design. Marts the change does not reach have no file from this run."""
    assert_processed_is_the_marts(settings)
    after = published_files(settings, "fact_sales_order")
    assert {path: after[path] for path in sales_files_before} == sales_files_before
    new = {path: run for path, run in after.items() if path not in sales_files_before}
    assert set(new.values()) == {run_id.encode()} and len(new) == 1
    written = files_by_run(settings, run_id)
    assert written["dim_design"] == 1
    assert written["fact_payment"] == written["fact_stock_transaction"] == 0


def _processed_materializations(result: dg.ExecuteInProcessResult) -> dict[str, tuple]:
    """Files written, rows written and files removed per mart, as the Dagster run's processed/
    materializations show them."""
    return {
        event.asset_key.path[-1]: tuple(
            event.materialization.metadata[key].value
            for key in ("files_written", "rows_written", "files_removed")
        )
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] == "processed"
    }


def test_the_cli_and_the_dagster_job_do_the_same_work(
    twins: Twins, smtp_inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    amended = {_amend_first_order(sources["totesys"]) for sources in twins.sources()}
    for sources in twins.sources():
        _delete_an_unordered_design(sources["totesys"])
    sales_files_before = published_files(twins.cli, "fact_sales_order")

    cli = _run_cli(twins.cli)
    dagster = _run_dagster(twins.dagster, monkeypatch)

    assert cli.returncode == 0, cli.stderr[-3000:]
    assert dagster.success
    assert _last_run_id(twins.dagster) == dagster.run_id
    cli_ops = _ops_rows(twins.cli, _last_run_id(twins.cli))
    assert cli_ops == _ops_rows(twins.dagster, dagster.run_id)
    assert len(cli_ops["dbt_nodes"]) > 50 and len(cli_ops["runs"]) == 1
    assert _marts_checksums(twins.cli) == _marts_checksums(twins.dagster)
    # Dagster shows as materialized exactly the dbt nodes the cycle built, nothing else.
    assert _materialized_nodes(dagster) == _built_nodes(cli_ops)
    assert smtp_inbox == []
    # The amended order reached the marts.
    (order_id, units_sold), *_ = amended
    assert len(amended) == 1  # the same amendment on each copy of the sources
    amended_version = (
        "select count(*) from marts.fact_sales_order "  # nosec B608: two integers read back
        f"where sales_order_id = {int(order_id)} and units_sold = {int(units_sold)}"
    )
    assert query(twins.cli, amended_version) == [(1,)]
    # Only what the change reaches is built: not the staff history, not the payments.
    built = _built_nodes(cli_ops)
    assert {"fact_sales_order", "dim_design"} <= built
    assert not built & {"snp_totesys__staff", "fact_payment"}, cli_ops["table_loads"]
    # processed/ gets only what changed; Dagster shows exactly the marts whose files changed.
    _assert_published_only_the_change(twins.cli, _last_run_id(twins.cli), sales_files_before)
    shown = _processed_materializations(dagster)
    assert shown["fact_sales_order"] == (1, 1, 0)
    written = files_by_run(twins.dagster, dagster.run_id)
    assert {mart: files for mart, (files, _, _) in shown.items()} == {
        mart: files for mart, files in written.items() if files
    }

    # Then a failing dbt test, on the same copies: one alert from each path, and one run record.
    # The CLI's side of it is the same code on both targets (the failed node is read from dbt's
    # results, the alert and the record do not depend on the target): on PostgreSQL only the
    # Dagster job runs it, so the target's failing test is still met through one path.
    for sources in twins.sources():
        _pay_beyond_the_calendar(sources["totesys"])
    paths = [twins.cli] if twins.cli.target == "local" else []
    if paths:
        assert _run_cli(twins.cli).returncode == 1
        assert len(smtp_inbox) == 1
    failed = _run_dagster(twins.dagster, monkeypatch)
    assert not failed.success
    paths.append(twins.dagster)
    assert len(smtp_inbox) == len(paths)
    for message, settings in zip(smtp_inbox, paths, strict=True):
        assert FAILING_TEST in mail_body(message)
        assert _failed_run(settings) == [("failed", "dbt build")]
    failed_checks = {e.check_name for e in failed.get_asset_check_evaluations() if not e.passed}
    assert any(FAILING_TEST in name for name in failed_checks), failed_checks
