"""dlt pipelines: sources → lake (parquet) → raw schemas; replay, reconcile and the cycle lock."""

# First: set up dlt's runtime before any pipeline or config lookup (see the module).
from ingestion import dlt_workarounds  # noqa: F401
from ingestion.errors import IngestionError
from ingestion.ingest import ingest
from ingestion.ingest_report import IngestReport, TableCounts
from ingestion.lock import warehouse_lock
from ingestion.reconcile import ReconcileRow, format_reconcile, reconcile
from ingestion.replay import replay

__all__ = [
    "IngestReport",
    "IngestionError",
    "ReconcileRow",
    "TableCounts",
    "format_reconcile",
    "ingest",
    "reconcile",
    "replay",
    "warehouse_lock",
]
