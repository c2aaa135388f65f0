"""Progress while dlt extracts, normalizes and loads: rows so far per table, and time taken.

dlt's own LogCollector prints blocks with the load id as a float, a rate for every counter
(`Rate: 1797558.86/s` for 30 rows) and its internal `_dlt_pipeline_state` as a table. This
collector counts the same updates and writes one plain log line per period instead, and none
at all for a step shorter than the period (the cycle logs rows per table as each source ends).
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from dlt.common.runtime.collector_base import Collector

# A long extract or load says where it is this often.
LOG_PERIOD = 10.0
# dlt's counters of work units per step (the rest count rows per table).
_UNITS = ("Resources", "Files", "Jobs")
_TABLES_NAMED = 5


class RowsCollector(Collector):
    """Rows per table for one pipeline's steps, as a log line every `log_period` seconds."""

    def __init__(self, label: str, *, log_period: float = LOG_PERIOD) -> None:
        self.label = label
        self.log_period = log_period
        self.logger = logging.getLogger("ingestion.progress")
        self.step = ""
        self._reset()

    def _reset(self) -> None:
        self.rows: Counter[str] = Counter()
        self.units: Counter[str] = Counter()
        self.unit_totals: Counter[str] = Counter()
        self.started = self.last_line = time.monotonic()
        self.lines = 0

    def update(
        self,
        name: str,
        inc: int = 1,
        total: int | None = None,
        inc_total: int | None = None,
        message: str | None = None,
        label: str | None = None,
    ) -> None:
        if label or name.startswith("_dlt"):
            return  # sub-counters (failed jobs: the load raises) and dlt's own state table
        if name in _UNITS:
            self.units[name] += inc
            self.unit_totals[name] = max(self.unit_totals[name], total or 0) + (inc_total or 0)
        else:
            self.rows[name] += inc
        if time.monotonic() - self.last_line >= self.log_period:
            self._log("so far")

    def _start(self, step: str) -> None:
        self._reset()

    def _stop(self) -> None:
        if self.lines:  # a step long enough to have said where it was also says it is done
            self._log("done")

    @property
    def phase(self) -> str:
        """`extract`, `normalize` or `load`: the step's first word (the rest names the load)."""
        return self.step.split(" ", 1)[0].lower()

    def _log(self, state: str) -> None:
        self.last_line = time.monotonic()
        what = self.describe()
        if what is None:
            return  # dlt's own step for its state: no table, no row
        elapsed = time.monotonic() - self.started
        self.lines += 1
        when = f"in {elapsed:.0f}s" if state == "done" else f"so far ({elapsed:.0f}s)"
        self.logger.info(
            "%s, %s: %s %s",
            self.label,
            self.phase,
            what,
            when,
            extra={"phase": self.phase, "rows": dict(self.rows), "seconds": round(elapsed, 1)},
        )

    def describe(self) -> str | None:
        """`1,234 rows in 3 tables (sales_order 1,000, ...)`, or the jobs done of a load."""
        if self.rows:
            largest = ", ".join(f"{t} {n:,}" for t, n in self.rows.most_common(_TABLES_NAMED))
            more = ", …" if len(self.rows) > _TABLES_NAMED else ""
            tables = f"{len(self.rows)} table{'s' if len(self.rows) > 1 else ''}"
            return f"{sum(self.rows.values()):,} rows in {tables} ({largest}{more})"
        if self.phase == "load" and self.unit_totals["Jobs"]:
            return f"{self.units['Jobs']:,} of {self.unit_totals['Jobs']:,} jobs"
        return None


def progress_collector(label: str) -> RowsCollector:
    """The collector for a pipeline whose steps are named by `label`, e.g. `totesys → lake`."""
    return RowsCollector(label)
