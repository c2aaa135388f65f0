"""The workarounds for what dlt has no public API for still do what they are for."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dlt
import fsspec
import pytest

from ingestion.dlt_workarounds import drop_normalized_leftovers, drop_torn_lake_files

LOOKUP = """
import sys
from pathlib import Path
import dlt
import ingestion
assert dlt.secrets.get("sources.nowhere.credentials") is None
print("streamlit" in sys.modules)
"""


def test_a_secret_lookup_does_not_import_streamlit(tmp_path: Path) -> None:
    # A directory with no .dlt/secrets.toml: the case in which dlt would look in Streamlit.
    done = subprocess.run(
        [sys.executable, "-c", LOOKUP], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False", done.stderr


def test_a_package_left_both_extracted_and_normalized_is_dropped_then_loads(tmp_path: Path) -> None:
    # The state a kill between normalize's rename and its delete leaves: the package in both
    # places. dlt's own normalize fails on it; the workaround drops the extracted copy.
    pipeline = dlt.pipeline(
        pipeline_name="leftovers",
        pipelines_dir=str(tmp_path / "pipelines"),
        destination=dlt.destinations.duckdb(str(tmp_path / "leftovers.duckdb")),
    )
    pipeline.extract([{"id": 1}, {"id": 2}], table_name="items")
    (load_id,) = pipeline.list_extracted_load_packages()
    extracted = Path(pipeline.working_dir) / "normalize" / "extracted" / load_id
    shutil.copytree(extracted, tmp_path / "kept")
    pipeline.normalize()
    shutil.copytree(tmp_path / "kept", extracted)
    assert pipeline.list_extracted_load_packages() == pipeline.list_normalized_load_packages()

    assert drop_normalized_leftovers(pipeline) == [load_id]
    assert pipeline.list_extracted_load_packages() == []
    assert pipeline.load().loads_ids == [load_id]
    with pipeline.sql_client() as client:
        assert client.execute_sql("select count(*) from items")[0][0] == 2


def _lake_pipeline(tmp_path: Path) -> dlt.Pipeline:
    return dlt.pipeline(
        pipeline_name="torn",
        pipelines_dir=str(tmp_path / "pipelines"),
        destination=dlt.destinations.filesystem(str(tmp_path / "lake")),
        dataset_name="source",
    )


def _tear_newest_schema(dataset: Path) -> Path:
    """Empties the newest stored schema version, as a kill between create and write leaves it."""
    newest = max((dataset / "_dlt_version").iterdir(), key=lambda path: path.name.split("__")[1])
    newest.write_bytes(b"")
    return newest


def test_an_empty_schema_file_in_the_lake_is_dropped_then_loads(tmp_path: Path) -> None:
    pipeline = _lake_pipeline(tmp_path)
    pipeline.run([{"id": 1}], table_name="items", loader_file_format="parquet")
    torn = _tear_newest_schema(tmp_path / "lake" / "source")
    # dlt reads the empty file back and fails: what the workaround is for.
    with pytest.raises(Exception, match="zero-length"):
        _lake_pipeline(tmp_path).run([{"id": 2}], table_name="items", loader_file_format="parquet")

    fs = fsspec.filesystem("file")
    assert drop_torn_lake_files(fs, str(tmp_path / "lake" / "source")) == [str(torn)]
    again = _lake_pipeline(tmp_path)
    info = again.run([{"id": 3}], table_name="items", loader_file_format="parquet")
    assert not info.has_failed_jobs
    version_hash = torn.name.split("__")[2]
    rewritten = [p for p in torn.parent.iterdir() if p.name.split("__")[2] == version_hash]
    assert [p.stat().st_size > 0 for p in rewritten] == [True], "written again, once"
