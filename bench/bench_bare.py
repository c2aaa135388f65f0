"""Benchmark: the lake-first path with no dlt, the bound any orchestration of it sits above.

connectorx reads the source as Arrow batches, cast to the declared types with the column of the
load id added (the data ingest writes); pyarrow writes them as parquet files of 100k rows; two
threads load the files through ADBC, one connection per file (as dlt's two load workers do).
Of dlt only its Arrow helper for the load-id column is used. No state, no packages, no schema,
no lake layout, no deletion check, no lock: what remains between this and `ingestion.ingest`
is the cost of those.
"""

from __future__ import annotations

from pathlib import Path

from bench_ingest import url
from bench_pandas import run_child

CHILD = """
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import adbc_driver_postgresql.dbapi as adbc, connectorx, pyarrow as pa, pyarrow.parquet as pq
import sqlalchemy as sa
from dlt.common.libs.pyarrow import add_constant_column
from ingestion.arrow_types import caster, declared_types
a = json.loads(sys.argv[1])
out = Path(a["files"])
engine = sa.create_engine(a["source_sa"])
cast = caster(declared_types(sa.Table("sales_order", sa.MetaData(), autoload_with=engine)))
engine.dispose()
load_id = "1795941794.6238723"  # dlt's form: the load's epoch seconds

def extract():
    batches = connectorx.read_sql(a["source"], "SELECT * FROM sales_order",
                                  return_type="arrow_stream", batch_size=50_000)
    writer, in_file, files = None, 0, []
    for batch in (b for b in batches if b.num_rows):
        # The load-id column as dlt's extract adds it (dictionary-encoded, not null).
        table = add_constant_column(cast(pa.Table.from_batches([batch])), "_dlt_load_id",
                                    pa.string(), load_id, nullable=False)
        if writer is None or in_file >= 100_000:
            if writer:
                writer.close()
            files.append(out / f"{len(files):05d}.parquet")
            writer, in_file = pq.ParquetWriter(files[-1], table.schema), 0
        writer.write_table(table)
        in_file += table.num_rows
    writer.close()
    return files

def load_file(path, mode="append"):
    with adbc.connect(a["target"]) as conn, conn.cursor() as cursor:
        cursor.adbc_ingest("sales_order", pq.read_table(path), mode=mode)
        conn.commit()

started = time.perf_counter()
files = extract()
extracted = time.perf_counter()
load_file(files[0], "create")  # the table first, as dlt creates it before its load jobs
with ThreadPoolExecutor(2) as pool:
    list(pool.map(load_file, files[1:]))
loaded = time.perf_counter()
print(json.dumps({"extract s": extracted - started, "load s": loaded - extracted}))
"""


def bare_path(source: str, target: str, tmp: Path) -> dict:
    """Seconds of the bare path's extract and load (source → parquet files → `target`)."""
    files = tmp / "bare"
    files.mkdir()
    args = {
        "source": url(source),
        "source_sa": url(source, "postgresql+psycopg"),
        "target": url(target),
        "files": str(files),
    }
    result, _ = run_child(CHILD, args, tmp / "pycache")
    return result
