"""Benchmark: rows/s of `generate` at scale 10 on PostgreSQL, MariaDB and SQLite (throw-away)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from faker import Faker

from seeds_generator import generate
from seeds_generator.stock_history import stock_history
from seeds_generator.totesys_history import totesys_history

PG_ADMIN = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MARIADB_ADMIN = os.environ.get("TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306")


@contextmanager
def server_database(admin_url: str, create: str, drop: str) -> Iterator[str]:
    """A uniquely named database on a server, dropped afterwards; yields its URL."""
    name = f"bench_gen_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    quoted = admin.dialect.identifier_preparer.quote(name)
    with admin.connect() as conn:
        conn.exec_driver_sql(create.format(quoted))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(drop.format(quoted))
        admin.dispose()


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench_gen_") as folder:
        yield f"sqlite:///{Path(folder) / 'source.sqlite'}"


DATABASES: dict[str, Callable[[], contextmanager]] = {
    "postgresql": lambda: server_database(
        PG_ADMIN, "CREATE DATABASE {}", "DROP DATABASE IF EXISTS {} WITH (FORCE)"
    ),
    "mariadb": lambda: server_database(
        MARIADB_ADMIN, "CREATE DATABASE {} CHARACTER SET utf8mb4", "DROP DATABASE IF EXISTS {}"
    ),
    "sqlite": sqlite_database,
}
RUNS = [("totesys", "postgresql"), ("totesys", "sqlite"), ("stock_db", "mariadb"),
        ("stock_db", "sqlite"), ("totesys", "mariadb")]  # fmt: skip


def python_only(source: str, scale: float) -> tuple[int, float]:
    """Rows and seconds to produce the data without any database (the generator's own cost)."""
    fake = Faker("en_GB")
    fake.seed_instance(42)
    make = totesys_history if source == "totesys" else stock_history
    started = time.perf_counter()
    rows = sum(len(r) for batch in make(random.Random(42), fake, scale) for r in batch.values())
    return rows, time.perf_counter() - started


def into_database(source: str, engine: str, scale: float) -> tuple[int, float]:
    with DATABASES[engine]() as url:
        started = time.perf_counter()
        rows = sum(generate(source, url, scale=scale, seed=42).values())
        return rows, time.perf_counter() - started


def line(source: str, where: str, rows: int, seconds: list[float]) -> str:
    middle = statistics.median(seconds)
    spread = f"{min(seconds):.2f}-{max(seconds):.2f}"
    return (
        f"{source:9} {where:14} {rows:>9,} rows  median {middle:6.2f} s ({spread})"
        f"  {rows / middle:>9,.0f} rows/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per case")
    args = parser.parse_args()
    cases = [(source, "(no database)") for source in ("totesys", "stock_db")] + RUNS
    timings: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
    rows: dict[tuple[str, str], int] = {}
    for _ in range(args.repeat):  # interleaved, so a busy moment hurts every case alike
        for source, where in cases:
            if where == "(no database)":
                count, seconds = python_only(source, args.scale)
            else:
                count, seconds = into_database(source, where, args.scale)
            rows[(source, where)] = count
            timings[(source, where)].append(seconds)
    print(f"scale {args.scale:g}, {args.repeat} runs each")
    for case in cases:
        print(line(*case, rows[case], timings[case]))


if __name__ == "__main__":
    main()
