"""The lake's size per table: files under a local folder or an S3 prefix, grouped by table."""

from __future__ import annotations

from pathlib import PurePosixPath

import fsspec
import pandas as pd

# dlt's own bookkeeping tables are not the data's.
_BOOKKEEPING_PREFIX = "_dlt"


def storage_options(lake_url: str, credentials: dict[str, str]) -> dict[str, object]:
    """fsspec options for the lake: s3fs takes the endpoint and region as client arguments."""
    if not lake_url.startswith("s3://"):
        return {}
    client = {
        key: credentials[key] for key in ("endpoint_url", "region_name") if credentials.get(key)
    }
    options: dict[str, object] = {"client_kwargs": client}
    if "aws_access_key_id" in credentials:
        options["key"] = credentials["aws_access_key_id"]
        options["secret"] = credentials.get("aws_secret_access_key")
    return options


def table_sizes(lake_url: str, credentials: dict[str, str]) -> pd.DataFrame:
    """One row per `<dataset>/<table>` folder of the lake: files and bytes."""
    filesystem, root = fsspec.core.url_to_fs(lake_url, **storage_options(lake_url, credentials))
    columns = ["dataset", "table", "files", "size_bytes"]
    if not filesystem.exists(root):
        return pd.DataFrame(columns=columns)
    rows = []
    for path, info in filesystem.find(root, detail=True).items():
        parts = PurePosixPath(path).relative_to(PurePosixPath(root)).parts
        if len(parts) < 3 or parts[1].startswith(_BOOKKEEPING_PREFIX):
            continue
        rows.append({"dataset": parts[0], "table": parts[1], "size_bytes": info.get("size", 0)})
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    sizes = frame.groupby(["dataset", "table"], as_index=False).agg(
        files=("size_bytes", "size"), size_bytes=("size_bytes", "sum")
    )
    return sizes.sort_values(["dataset", "table"], ignore_index=True)
