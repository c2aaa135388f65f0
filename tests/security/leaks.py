"""Recognisable fake secrets, the places a cycle leaves text behind, and a scanner for both."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
import sqlalchemy as sa
from dlt.common.versioned_state import decompress_state

from orchestration.settings import Settings
from tests.dbt.deployments import as_role

# Every value holds "fake" so that the tracked-file credential scan and a reader know it.
SECRETS = {
    "totesys password": "fake-Totesys-Pw-4821",
    "stock_db password": "fake-Stock-Pw-5930",
    "loader password": "fake-Warehouse-Pw-9137",
    "transformer password": "fake-Transform-Pw-2604",
    "lake secret key": "fake-Lake-Secret-Key-7745",
    "webhook token": "fake-Hook-Token-3318",
}
WAREHOUSE_CLI = Path(sys.executable).with_name("warehouse")


def leaks(content: str | bytes) -> list[str]:
    """The names of the secrets that appear in `content` (text or raw bytes)."""
    data = content.encode() if isinstance(content, str) else content
    return [name for name, value in SECRETS.items() if value.encode() in data]


def file_leaks(root: Path) -> dict[str, list[str]]:
    """Every file under `root` (binary or text) that holds a secret, with what it holds."""
    found = {}
    for path in root.rglob("*"):
        if path.is_file() and (names := leaks(_plain(path.read_bytes()))):
            found[str(path)] = names
    return found


def _plain(data: bytes) -> bytes:
    # dlt gzips its load files unless told not to: a secret inside would not show as bytes.
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def bucket_leaks(lake_url: str, s3: dict[str, str]) -> tuple[int, dict[str, list[str]]]:
    """How many objects the lake's bucket holds, and those that hold a secret."""
    bucket = lake_url.removeprefix("s3://").partition("/")[0]
    client = boto3.client("s3", **s3)
    scanned, found = 0, {}
    for listing in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in listing.get("Contents", []):
            scanned += 1
            body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            if names := leaks(_plain(body)):
                found[item["Key"]] = names
    return scanned, found


def schema_rows(url: str, schema: str) -> dict[str, list[str]]:
    """Every row of every table in `schema`, as text, by table."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            metadata = sa.MetaData()
            metadata.reflect(conn, schema=schema)
            return {
                table.name: [_row_text(row) for row in conn.execute(sa.select(table)).mappings()]
                for table in metadata.tables.values()
            }
    finally:
        engine.dispose()


def _row_text(row: sa.RowMapping) -> str:
    text = repr(tuple(row.values()))
    if "state" in row and "version_hash" in row:
        # dlt's _dlt_pipeline_state keeps the pipeline state zlib-compressed and base64-encoded.
        text += json.dumps(decompress_state(row["state"]), default=str)
    return text


def cli_environment(settings: Settings, stock_user: str, webhook: str) -> dict[str, str]:
    """The environment a user sets for `warehouse run`, with the fake secrets in every slot."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SOURCES__", "DESTINATION__", "ALERTS__", "WAREHOUSE_"))
    }
    pw = SECRETS
    env.update(
        WAREHOUSE_TARGET="postgres",
        WAREHOUSE_DATA_DIR=str(settings.data_dir),
        SOURCES__TOTESYS__CREDENTIALS=as_role(
            settings.source_urls["totesys"], "source_reader", pw["totesys password"]
        ),
        SOURCES__STOCK_DB__CREDENTIALS=as_role(
            settings.source_urls["stock_db"], stock_user, pw["stock_db password"]
        ),
        DESTINATION__POSTGRES__CREDENTIALS=as_role(
            settings.warehouse_url, "loader", pw["loader password"]
        ),
        DESTINATION__POSTGRES__TRANSFORMER_CREDENTIALS=as_role(
            settings.warehouse_url, "transformer", pw["transformer password"]
        ),
        DESTINATION__FILESYSTEM__BUCKET_URL=settings.lake_url,
        ALERTS__WEBHOOK_URL=f"{webhook}/hooks/{pw['webhook token']}",
    )
    lake = {**settings.lake_credentials, "aws_secret_access_key": pw["lake secret key"]}
    for key, value in lake.items():
        env[f"DESTINATION__FILESYSTEM__CREDENTIALS__{key.upper()}"] = value
    return env


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WAREHOUSE_CLI), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )


@contextmanager
def webhook_server() -> Iterator[tuple[str, list[bytes]]]:
    """An HTTP endpoint on loopback that keeps the body of every POST (the alerts)."""
    bodies: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            bodies.append(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", bodies
    finally:
        server.shutdown()
        server.server_close()


def dbt_artifacts(settings: Settings) -> tuple[Path, Path]:
    """Where the cycle's dbt wrote its artefacts and its log."""
    return settings.dbt_target_dir, settings.dbt_log_dir
