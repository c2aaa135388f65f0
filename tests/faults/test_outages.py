"""The warehouse, the S3 lake or a source goes away mid-cycle: a clear failure, then recovery."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path

import boto3
import pytest
import sqlalchemy as sa
from moto.server import ThreadedMotoServer

import seeds_generator
from orchestration.settings import Settings
from tests.conftest import _free_port
from tests.faults.child import CycleResult, cycle
from tests.faults.conftest import SCALE, SEED, FaultCase, generate, local_settings
from tests.faults.inject import inject_when
from tests.faults.invariants import assert_recovered
from tests.faults.phases import in_phase
from tests.faults.proxy import TcpProxy
from tests.orchestration.conftest import mail_body

pytestmark = pytest.mark.faults
# How long the warehouse stays "down" after its connections are cut (a restart's window).
RESTART_SECONDS = 1.5
WAREHOUSE_WORDS = ("raw_totesys", "raw_stock", "warehouse")


def phase_of(settings: Settings, pipelines: str, phase: str) -> Callable[[], bool]:
    return lambda: in_phase(phase, settings.pipelines_dir, pipelines)


def assert_one_alert(inbox: list[Message], report: CycleResult, *words: str) -> None:
    assert report.status == "failed", "the fault did not fail the cycle"
    assert len(inbox) == 1, [m["Subject"] for m in inbox]
    assert f"failed at step {report.failed_step}" in inbox[0]["Subject"]
    body = mail_body(inbox[0])
    for word in words:
        assert word in body, body


def recover(settings: Settings, case: FaultCase, first: CycleResult) -> None:
    """The next cycle succeeds and leaves the warehouse exact; the case's tally is updated."""
    case.faults += 1
    case.notes.append(
        f"faulted cycle: {first.status} {first.failed_step or ''} {first.error or ''}"
    )
    second = cycle(settings)
    assert second.succeeded, second.error
    result = assert_recovered(settings)
    case.reruns.append(1)
    case.recovered += 1
    case.rows_lost += result.rows_lost
    case.duplicates += result.duplicates


def terminate_backends(pg_admin: sa.Engine, database: str) -> None:
    """Ends every session on the database for a while, as a server restart does."""
    deadline = time.monotonic() + RESTART_SECONDS
    with pg_admin.connect() as conn:
        while time.monotonic() < deadline:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :db AND pid <> pg_backend_pid()"
                ),
                {"db": database},
            )
            time.sleep(0.05)


@pytest.mark.postgres
def test_warehouse_postgres_sessions_killed_mid_load(
    tmp_path: Path, make_pg_database, pg_admin: sa.Engine, smtp_inbox, fault_case: FaultCase
) -> None:
    warehouse_url = make_pg_database()
    settings = dataclasses.replace(
        local_settings(tmp_path), target="postgres", warehouse_url=warehouse_url
    )
    generate(settings)
    database = sa.engine.make_url(warehouse_url).database
    loading = phase_of(settings, "raw_totesys_*", "load")
    with inject_when(loading, lambda: terminate_backends(pg_admin, database)) as fired:
        first = cycle(settings)
    assert fired.is_set(), "the load finished before the fault"
    if first.status == "failed":  # dlt may also ride it out by retrying the job: both are fine
        assert_one_alert(smtp_inbox, first)
        # The window can outlast the load: the deletion check, or the next source's ingest,
        # may be the step that meets it. Whichever it is, its error names the warehouse side.
        if first.failed_step.startswith("ingest"):
            assert any(word in first.error for word in WAREHOUSE_WORDS), first.error
    recover(settings, fault_case, first)


@pytest.fixture
def moto_on_fixed_port() -> Iterator[tuple[dict[str, str], Callable[[], None], Callable[[], None]]]:
    """A moto S3 server the test can stop and start again on the same port (state is kept)."""
    port = _free_port()
    servers = [ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)]
    servers[0].start()

    def stop() -> None:
        servers[-1].stop()

    def start() -> None:
        servers.append(ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False))
        servers[-1].start()

    credentials = {
        "endpoint_url": f"http://127.0.0.1:{port}",
        "aws_access_key_id": "testing-key-id",
        "aws_secret_access_key": "testing-secret-key",
        "region_name": "us-east-1",
    }
    yield credentials, stop, start
    servers[-1].stop()


@pytest.mark.s3
def test_s3_endpoint_stopped_mid_extract_then_started(
    tmp_path: Path, moto_on_fixed_port, smtp_inbox, fault_case: FaultCase
) -> None:
    credentials, stop, start = moto_on_fixed_port
    boto3.client("s3", **credentials).create_bucket(Bucket="faults-lake")
    settings = dataclasses.replace(
        local_settings(tmp_path), lake_url="s3://faults-lake/lake", lake_credentials=credentials
    )
    generate(settings)
    writing_lake = phase_of(settings, "lake_totesys_*", "load")
    with inject_when(writing_lake, stop) as fired:
        first = cycle(settings)
    assert fired.is_set(), "the lake write finished before the fault"
    start()
    assert_one_alert(smtp_inbox, first, "extract of totesys into the lake failed")
    recover(settings, fault_case, first)


@pytest.mark.postgres
def test_source_unreachable_mid_extract_alerts_then_recovers(
    tmp_path: Path, make_pg_database, smtp_inbox, fault_case: FaultCase
) -> None:
    direct = make_pg_database()
    seeds_generator.generate("totesys", direct, scale=SCALE, seed=SEED)
    proxy = TcpProxy(sa.engine.make_url(direct).port or 5432)
    proxied = sa.engine.make_url(direct).set(port=proxy.port).render_as_string(hide_password=False)
    settings = local_settings(tmp_path).with_sources(totesys=proxied)
    seeds_generator.generate("stock_db", settings.source_urls["stock_db"], scale=SCALE, seed=SEED)
    extracting = phase_of(settings, "lake_totesys_*", "extract")
    try:
        with inject_when(extracting, proxy.cut) as fired:
            first = cycle(settings)
        assert fired.is_set(), "the extract finished before the fault"
        assert first.failed_step == "ingest totesys", first.error
        assert_one_alert(smtp_inbox, first, "totesys")
        proxy.restore()
        recover(settings, fault_case, first)
    finally:
        proxy.close()
