"""What one cycle did: per-table loads, per-node dbt results, step timings and the outcome."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

TEST_TYPES = ("test", "unit_test")
BUILT_TYPES = ("model", "snapshot", "seed")


@dataclass(frozen=True)
class TableLoad:
    """Rows one source table gave in this cycle (for a feed, extracted = records fetched)."""

    source: str
    table: str
    rows_extracted: int
    rows_loaded: int
    rows_deleted: int = 0
    load_id: str | None = None
    # A feed's records that failed its JSON Schema: rows_extracted = rows_loaded + this.
    rows_quarantined: int = 0


@dataclass(frozen=True)
class NodeResult:
    """One dbt node's outcome, from dbt's run results."""

    unique_id: str
    resource_type: str
    layer: str
    status: str
    execution_seconds: float
    message: str | None = None


@dataclass(frozen=True)
class SourceFreshness:
    """How old the newest row of one raw table is, by dbt's source freshness."""

    source: str
    table: str
    status: str
    max_loaded_at: str | None
    age_seconds: float | None


@dataclass(frozen=True)
class StepTiming:
    step: str
    seconds: float
    status: str


@dataclass(frozen=True)
class PublishedMart:
    """One mart in the lake's processed/ area after a cycle, and what the cycle wrote there."""

    rows: int
    rows_written: int = 0
    files_written: int = 0
    files_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.files_written or self.files_removed)


@dataclass
class CycleReport:
    """The record of one cycle; `status` is `success` only when every step and test passed."""

    run_id: str
    target: str
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    status: str = "running"
    failed_step: str | None = None
    error: str | None = None
    steps: list[StepTiming] = field(default_factory=list)
    tables: list[TableLoad] = field(default_factory=list)
    nodes: list[NodeResult] = field(default_factory=list)
    freshness: list[SourceFreshness] = field(default_factory=list)
    published: dict[str, PublishedMart] = field(default_factory=dict)  # by mart
    # source -> its simulated clock when observed (seeds_generator.clock); none for real sources.
    source_clocks: dict[str, datetime] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.status == "success"

    def fail(self, step: str, error: str) -> None:
        """Records the first failure only: it is the one that explains the others."""
        if self.failed_step is None:
            self.status, self.failed_step, self.error = "failed", step, error

    def models_built(self) -> Counter[tuple[str, str]]:
        """(layer, status) -> count over models, snapshots and seeds."""
        return Counter(
            (node.layer, node.status) for node in self.nodes if node.resource_type in BUILT_TYPES
        )

    def test_outcomes(self) -> Counter[str]:
        """status -> count over data tests and unit tests (pass, warn, fail, error, skipped)."""
        return Counter(node.status for node in self.nodes if node.resource_type in TEST_TYPES)

    def failed_nodes(self) -> list[NodeResult]:
        return [node for node in self.nodes if node.status in ("error", "fail")]
