"""What one ingest did, per table and per step, printable as a short table."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class TableCounts:
    extracted: int = 0
    loaded: int = 0
    deleted: int = 0
    quarantined: int = 0  # a feed's records that failed its JSON Schema (extracted = both)


@dataclass
class IngestReport:
    """Rows extracted, loaded and deleted per table; load ids; seconds per step."""

    source: str
    tables: dict[str, TableCounts] = field(default_factory=dict)
    lake_load_ids: list[str] = field(default_factory=list)
    raw_load_ids: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    # A feed's validation errors by kind (`$.email: format`), for the commonest in an alert.
    quarantine_errors: Counter[str] = field(default_factory=Counter)

    def table(self, name: str) -> TableCounts:
        return self.tables.setdefault(name, TableCounts())

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - started, 3)

    def __str__(self) -> str:
        width = max([len("table"), *map(len, self.tables)])
        quarantine = any(counts.quarantined for counts in self.tables.values())
        lines = [
            f"{self.source}: {'table':<{width}} {'extracted':>10} {'loaded':>10} {'deleted':>8}"
            + (f" {'quarantined':>11}" if quarantine else "")
        ]
        for name, counts in sorted(self.tables.items()):
            lines.append(
                f"{'':{len(self.source) + 2}}{name:<{width}} {counts.extracted:>10} "
                f"{counts.loaded:>10} {counts.deleted:>8}"
                + (f" {counts.quarantined:>11}" if quarantine else "")
            )
        steps = ", ".join(f"{step} {secs:.2f}s" for step, secs in self.seconds.items())
        lines.append(f"  lake loads {', '.join(self.lake_load_ids) or '-'}; {steps}")
        return "\n".join(lines)
