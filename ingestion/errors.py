"""The one error type ingestion raises for an unreachable system or a bad setting."""


class IngestionError(Exception):
    """Names the system (source, lake or warehouse) that failed; never a credential."""
