"""The partner-files feed: JSON Lines credit-rating files in the lake's landing prefix, read with
dlt's filesystem source.

Each file is read once: its name and a SHA-256 of its content go into the feed's state with the
load that holds its lines. A file dropped again with the same name and content is skipped; one
re-sent with new content is read again (its lines merge on the key in raw).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
from dlt.sources.filesystem import filesystem

from ingestion.feeds.spec import Feed, Location
from ingestion.feeds.validation import NotJson

FILE_GLOB = "*.jsonl"


def _filesystem(location: Location) -> fsspec.AbstractFileSystem:
    """The landing prefix's file system, handed to dlt's filesystem source as its client (its own
    configuration lookup asks for `local_dir` once a pipeline is active, in dlt 1.31)."""
    if not location.url.startswith("s3://"):
        return fsspec.filesystem("file")
    options = location.credentials
    client_kwargs = {k: options[k] for k in ("endpoint_url", "region_name") if options.get(k)}
    return fsspec.filesystem(
        "s3",
        key=options.get("aws_access_key_id"),
        secret=options.get("aws_secret_access_key"),
        client_kwargs=client_kwargs,
    )


def _lines(name: str, content: bytes) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(content.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"{name}:{number}", json.loads(line)
        except json.JSONDecodeError as error:
            yield f"{name}:{number}", NotJson(line, str(error))


def _bucket_url(url: str) -> str:
    """dlt's filesystem source takes a local folder as a file:// URL."""
    return url if "://" in url else Path(url).resolve().as_uri()


def listing(location: Location) -> Any:
    """dlt's filesystem source over the landing prefix: the files the feed transforms."""
    bucket = _bucket_url(location.url)
    return filesystem(bucket_url=bucket, credentials=_filesystem(location), file_glob=FILE_GLOB)


def fetch(location: Location, state: dict, files: list) -> Iterator[tuple[str, Any]]:
    read = state.setdefault("files", {})
    for item in sorted(files, key=lambda file: file["file_name"]):
        content = item.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if read.get(item["file_name"]) == digest:
            continue  # the same file dropped again: its lines are loaded already
        yield from _lines(item["file_name"], content)
        read[item["file_name"]] = digest


FEED = Feed(
    table="credit_ratings",
    primary_key=("counterparty_id", "rated_on"),
    cursor="rated_on",
    schema_file="partner_files.json",
    fetch=fetch,
    upstream=listing,
)
