"""SQLite text that is not UTF-8 is read, not refused: its bytes as Latin-1, nothing lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from ingestion.connections import source_engine

# 'L', Latin-1 'ö', 'ds'; then 'A', UTF-8 '€', 'B', a stray continuation byte.
VALUES = ("CAST(x'4cf66473' AS TEXT)", "CAST(x'41e282ac4280' AS TEXT)", "'Zürich'")


def test_bytes_that_are_not_utf8_are_read_as_latin1(tmp_path: Path) -> None:
    path = tmp_path / "source.sqlite"
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE address (address_id integer PRIMARY KEY, city text)")
        for value in VALUES:
            conn.execute(f"INSERT INTO address (city) VALUES ({value})")  # nosec B608
    engine = source_engine("totesys", f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            cities = [row[0] for row in conn.exec_driver_sql("SELECT city FROM address")]
    finally:
        engine.dispose()
    assert cities == ["Löds", "A€B\x80", "Zürich"]
    assert cities[0].encode("latin-1") == bytes.fromhex("4cf66473")  # the bytes come back
