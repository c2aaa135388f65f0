"""The places where this project works around dlt, each for want of a public API or setting.

They are kept here, and each has a test that fails when dlt changes what it relies on
(tests/ingestion/test_dlt_workarounds.py):
- Secret lookups without a `.dlt/secrets.toml` do not import Streamlit. dlt offers no setting
  to skip its Streamlit secrets provider; no upstream issue tracks it.
- A package a kill left both extracted and normalized is cleaned up. dlt has no public call to
  delete one extracted package; dlt-hub/dlt#4446 tracks the same window (a package left
  behind between normalize's rename and its delete breaks every later run).
- A schema or state file a kill left empty in the lake is removed. The filesystem destination
  writes them in place, not atomically, and reads the newest back on every load: an empty one
  fails every later run ("zero-length, empty document").
"""

from __future__ import annotations

import sys
from typing import Any

import dlt
import fsspec
from dlt.common.configuration.providers.toml import SecretsTomlProvider

_read_streamlit_secrets = SecretsTomlProvider._read_streamlit_secrets


def _streamlit_secrets_if_running(
    self: SecretsTomlProvider, name: str, file_name: str
) -> object | None:
    # With no .dlt/secrets.toml (the local target needs none), dlt imports streamlit to look
    # for secrets of a running Streamlit app: an import of a second or so in every ingest and
    # cycle process. A running app has imported streamlit already, so looking only then
    # changes nothing but the time.
    if "streamlit" not in sys.modules:
        return None
    return _read_streamlit_secrets(self, name, file_name)


SecretsTomlProvider._read_streamlit_secrets = _streamlit_secrets_if_running  # type: ignore[method-assign]


def drop_normalized_leftovers(pipeline: dlt.Pipeline) -> list[str]:
    """Removes extracted copies of packages that were already normalized; returns their ids.

    dlt renames a normalized package into place and only then deletes its extracted copy; a kill
    between the two leaves both, and normalizing it again fails ("Directory not empty"). The
    rename is atomic, so the normalized package is complete and the extracted copy is redundant.
    """
    normalized = set(pipeline.list_normalized_load_packages())
    leftovers = [lid for lid in pipeline.list_extracted_load_packages() if lid in normalized]
    if leftovers:
        storage = pipeline._get_normalize_storage()
        for load_id in leftovers:
            storage.extracted_packages.delete_package(load_id)
    return leftovers


# The lake folders of dlt's own JSON documents that it reads back: schema versions, states.
JSON_FOLDERS = ("_dlt_version", "_dlt_pipeline_state")


def drop_torn_lake_files(fs: fsspec.AbstractFileSystem, dataset_root: str) -> list[str]:
    """Removes the empty JSON documents a kill left in a dataset of the lake; returns their paths.

    A file is created empty and then written, so a kill in between leaves it empty; the version
    or state written before it is intact, and the next load writes this one again."""
    torn = [path for name in JSON_FOLDERS for path in _empty_files(fs, f"{dataset_root}/{name}")]
    for path in torn:
        fs.rm_file(path)
    return torn


def _empty_files(fs: fsspec.AbstractFileSystem, folder: str) -> list[str]:
    try:
        # refresh: s3fs caches listings, and dlt writes files behind its back.
        entries: list[Any] = fs.ls(folder, detail=True, refresh=True)
    except FileNotFoundError:
        return []
    return [str(e["name"]) for e in entries if e.get("type") == "file" and e.get("size") == 0]
