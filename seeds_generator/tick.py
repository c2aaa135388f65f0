"""What every tick of activity needs: its window of simulated time, randomness and a tally."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from faker import Faker

from seeds_generator.timeline import draw_count, random_instant

DAY = timedelta(days=1)


@dataclass
class Tick:
    """One interval (start, end] of simulated time applied to one source in one transaction."""

    conn: sa.Connection
    metadata: sa.MetaData
    rng: random.Random
    fake: Faker
    start: datetime
    end: datetime
    resolution: timedelta
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def days(self) -> float:
        return (self.end - self.start) / DAY

    def table(self, name: str) -> sa.Table:
        return self.metadata.tables[name]

    def instant(self) -> datetime:
        """A moment in this tick, strictly after every timestamp written before it."""
        return random_instant(self.rng, self.start, self.end, self.resolution)

    def how_many(self, per_day: float, at_least: int = 0) -> int:
        return max(at_least, draw_count(self.rng, per_day * self.days))

    def record(self, table: str, kind: str, rows: int) -> None:
        if rows:
            self.counts[table][kind] += rows

    def max_id(self, name: str) -> int:
        table = self.table(name)
        key = table.primary_key.columns.values()[0]
        return int(self.conn.execute(sa.select(sa.func.max(key))).scalar() or 0)

    def keys(self, name: str) -> list[object]:
        """The primary keys of a (small) table's rows, sorted."""
        key = self.table(name).primary_key.columns.values()[0]
        return list(self.conn.execute(sa.select(key).order_by(key)).scalars())

    def pick(self, name: str, count: int) -> list[object]:
        """Up to `count` distinct primary keys of existing rows, drawn at random, sorted."""
        keys = self.keys(name)
        return sorted(self.rng.sample(keys, min(count, len(keys))))

    def update_many(self, name: str, rows: list[dict[str, object]]) -> None:
        """UPDATE rows by primary key (each dict: the key and the columns to set) in one go."""
        if not rows:
            return
        table = self.table(name)
        key = table.primary_key.columns.values()[0]
        columns = [column for column in rows[0] if column != key.name]
        statement = (
            table.update()
            .where(key == sa.bindparam(f"k_{key.name}"))
            .values({column: sa.bindparam(f"v_{column}") for column in columns})
        )
        params = [
            {f"k_{key.name}": row[key.name], **{f"v_{c}": row[c] for c in columns}} for row in rows
        ]
        self.conn.execute(statement, params)
        self.record(name, "updated", len(rows))
