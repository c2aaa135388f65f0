"""dlt pipelines: sources → lake (parquet) → raw schemas; replay, reconcile and the cycle lock."""

from ingestion.errors import IngestionError
from ingestion.ingest import ingest
from ingestion.lock import warehouse_lock
from ingestion.report import IngestReport, TableCounts

__all__ = ["IngestReport", "IngestionError", "TableCounts", "ingest", "warehouse_lock"]
