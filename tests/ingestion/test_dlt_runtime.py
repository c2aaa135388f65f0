"""dlt's config lookups in an ingestion process do not import Streamlit (a slow import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
