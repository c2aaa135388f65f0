"""dlt's process-wide runtime, set up once: no Streamlit import just to look for secrets."""

from __future__ import annotations

import sys

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
