"""TickReport: what one tick changed, per source, table and kind; prints as a short table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

KINDS = ("inserted", "updated", "deleted")


@dataclass
class TickReport:
    """Counts of one tick: counts[source][table][kind] with kind inserted/updated/deleted."""

    tick: int
    windows: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def count(self, source: str, table: str, kind: str) -> int:
        return self.counts.get(source, {}).get(table, {}).get(kind, 0)

    def total(self, kind: str | None = None) -> int:
        return sum(
            n
            for tables in self.counts.values()
            for kinds in tables.values()
            for k, n in kinds.items()
            if kind in (None, k)
        )

    def __str__(self) -> str:
        lines = []
        for source, (start, end) in self.windows.items():
            lines.append(
                f"tick {self.tick} {source} {start:%Y-%m-%d %H:%M:%S} -> {end:%Y-%m-%d %H:%M:%S}"
            )
            for table, kinds in sorted(self.counts.get(source, {}).items()):
                figures = "  ".join(f"{kinds.get(kind, 0):>4} {kind}" for kind in KINDS)
                lines.append(f"    {table:<16}{figures}")
        return "\n".join(lines)
