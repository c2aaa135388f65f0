"""What each source's ingest gave the cycle: its tables' rows, as TableLoads and a log line."""

from __future__ import annotations

import logging
from typing import Any

from orchestration.cycle.cycle_report import TableLoad

log = logging.getLogger("orchestration.cycle.run")  # the cycle's logger: its lines stay its own


def table_loads(ingest_report: Any) -> list[TableLoad]:
    load_id = ingest_report.lake_load_ids[-1] if ingest_report.lake_load_ids else None
    return [
        TableLoad(
            source=ingest_report.source,
            table=name,
            rows_extracted=counts.extracted,
            rows_loaded=counts.loaded,
            rows_deleted=counts.deleted,
            load_id=load_id,
            rows_quarantined=counts.quarantined,
        )
        for name, counts in sorted(ingest_report.tables.items())
    ]


def log_rows(source: str, loads: list[TableLoad]) -> None:
    """Rows per table as each source finishes: the progress an operator watches."""
    changed = [
        f"{load.table} +{load.rows_loaded:,}"
        + (f"/-{load.rows_deleted:,}" if load.rows_deleted else "")
        for load in loads
        if load.rows_loaded or load.rows_deleted
    ]
    rows = sum(load.rows_loaded for load in loads)
    log.info(
        "%s: %s row%s loaded into %d of %d tables%s",
        source,
        f"{rows:,}",
        "" if rows == 1 else "s",
        len(changed),
        len(loads),
        f" ({', '.join(changed)})" if changed else "",
        extra={"source": source, "rows": {load.table: load.rows_loaded for load in loads}},
    )
