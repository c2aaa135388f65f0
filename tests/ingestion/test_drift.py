"""Schema drift: a column added with a default stops ingest; `--reextract` carries it through."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import sqlalchemy as sa

from ingestion import IngestionError
from ingestion.drift import SchemaDriftError
from ingestion.lake import Lake
from orchestration.commands import ingest as ingest_command
from orchestration.settings import load_settings
from tests.ingestion.conftest import Deployment, assert_reconciled
from tests.ingestion.helpers import execute, raw_content

ADD_WITH_DEFAULT = "ALTER TABLE design ADD COLUMN priority integer NOT NULL DEFAULT 5"


def lake_loads(d: Deployment) -> list[str]:
    return Lake(d.lake_url, d.lake_credentials, "totesys").completed_loads()


def test_a_column_added_with_a_default_stops_before_anything_is_written(
    generated: Deployment,
) -> None:
    generated.ingest("totesys")
    raw_before, lake_before = raw_content(generated, "raw_totesys"), lake_loads(generated)
    execute(generated.source_urls["totesys"], sa.text(ADD_WITH_DEFAULT))

    with pytest.raises(SchemaDriftError) as stopped:
        generated.ingest("totesys")
    message = str(stopped.value)
    assert "table design gained column priority with a default" in message
    assert "warehouse ingest --source totesys --reextract design" in message
    assert raw_content(generated, "raw_totesys") == raw_before
    assert lake_loads(generated) == lake_before


def test_reextract_reads_the_table_whole_once_and_raw_matches_the_source_again(
    generated: Deployment,
) -> None:
    generated.ingest("totesys")
    execute(generated.source_urls["totesys"], sa.text(ADD_WITH_DEFAULT))

    report = generated.ingest("totesys", reextract=("design",))
    designs = sa.select(sa.func.count()).select_from(sa.table("design"))
    assert report.tables["design"].extracted == scalar(generated, designs)
    assert_reconciled(generated.reconcile("totesys"))
    # Back to incremental: nothing changed, so nothing is read.
    again = generated.ingest("totesys")
    assert again.tables["design"].extracted == 0
    assert_reconciled(generated.reconcile("totesys"))


def scalar(d: Deployment, query: sa.Select) -> int:
    engine = sa.create_engine(d.source_urls["totesys"])
    try:
        with engine.connect() as conn:
            return conn.execute(query).scalar_one()
    finally:
        engine.dispose()


def test_reextract_of_a_table_the_source_lacks_is_refused(generated: Deployment) -> None:
    with pytest.raises(IngestionError, match="source totesys has no table desing to re-extract"):
        generated.ingest("totesys", reextract=("desing",))


def test_the_command_asks_for_the_source_of_a_reextracted_table(data_dir: Path) -> None:
    settings = load_settings("local")
    with pytest.raises(IngestionError, match="--reextract needs --source"):
        ingest_command.run(settings, argparse.Namespace(source=None, reextract=["design"]))
