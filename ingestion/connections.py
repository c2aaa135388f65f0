"""Up-front reachability checks: a clear error naming the source, lake or warehouse that failed."""

from __future__ import annotations

import codecs
import contextlib
import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import boto3
import psycopg
import sqlalchemy as sa
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from sqlalchemy.engine import make_url

from common.urls import mask_url_passwords
from ingestion.destinations import duckdb_path, is_duckdb, postgres_dsn
from ingestion.errors import IngestionError

CONNECT_TIMEOUT = 10


def _where(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        return str(parsed.database)
    return f"{parsed.host or 'localhost'}:{parsed.port or ''}".rstrip(":")


def source_engine(source: str, url: str) -> sa.Engine:
    """An engine on the source, after checking it answers (SQLite: that the file exists)."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        if not Path(parsed.database or "").is_file():
            raise IngestionError(f"source {source}: SQLite file {parsed.database} does not exist")
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _read_text_leniently)
    else:
        engine = sa.create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT})
    with reraise(f"source {source} at {_where(url)} is unreachable", url), engine.connect():
        pass
    return engine


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


# SQLite stores whatever bytes a writer gave it as TEXT; sqlite3 refuses to read a value that is
# not UTF-8, which would stop the extract. Bytes that are not UTF-8 are read as Latin-1 instead:
# every byte becomes one character, so nothing is lost (encode to Latin-1 to get them back).
codecs.register_error("latin-1-fallback", _latin1_fallback)
_DECODE_TEXT = functools.partial(bytes.decode, encoding="utf-8", errors="latin-1-fallback")


def _read_text_leniently(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.text_factory = _DECODE_TEXT


def check_warehouse(url: str) -> None:
    if is_duckdb(url):
        folder = duckdb_path(url).parent
        if not folder.is_dir():
            raise IngestionError(f"warehouse folder {folder} does not exist")
        return
    with reraise(f"warehouse at {_where(url)} is unreachable", url):
        psycopg.connect(postgres_dsn(url), connect_timeout=CONNECT_TIMEOUT).close()


def check_lake(lake_url: str, credentials: dict[str, str]) -> None:
    if not lake_url.startswith("s3://"):
        try:
            Path(lake_url).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise IngestionError(
                f"lake folder {lake_url} is not writable ({error.strerror})"
            ) from None
        return
    bucket = lake_url.removeprefix("s3://").split("/", 1)[0]
    where = credentials.get("endpoint_url") or "AWS"
    client = boto3.client(
        "s3", **credentials, config=Config(connect_timeout=5, retries={"max_attempts": 1})
    )
    try:
        client.head_bucket(Bucket=bucket)
    except (BotoCoreError, ClientError) as error:
        raise IngestionError(f"lake bucket {bucket} at {where} is unreachable: {error}") from None


@contextlib.contextmanager
def reraise(message: str, *urls: str) -> Iterator[None]:
    """Turns any failure inside into IngestionError(message: cause), with passwords removed."""
    try:
        yield
    except IngestionError:
        raise
    except Exception as error:
        cause = getattr(error, "exception", None) or error  # dlt wraps the cause of a failed step
        text = f"{type(cause).__name__}: {cause}"
        raise IngestionError(f"{message}: {scrub(text, *urls)}") from error


def scrub(text: str, *urls: str) -> str:
    """The first line of an error text, with any password of the given URLs removed."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    for url in urls:
        with contextlib.suppress(Exception):
            if password := make_url(url).password:
                line = line.replace(str(password), "***")
    return mask_url_passwords(line)[:300]
