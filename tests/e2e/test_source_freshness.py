"""dbt's source freshness after the test history, on both targets: each raw table of the
databases is as fresh as the newest load id dlt stamped on its rows (the sources' YAML reads the
greatest load id as text, and casts that one value)."""

from __future__ import annotations

from datetime import UTC

import pytest

from orchestration.cycle.dbt_runner import run_dbt
from orchestration.cycle.mart_parts import quote
from tests.dbt.deployments import failures, query

pytestmark = pytest.mark.e2e
TARGETS = ["local", "postgres"]
DATABASE_TABLES = 14  # raw_totesys and raw_stock; the feeds declare no freshness


# A load id may carry a seventh decimal; a timestamp keeps microseconds, and converting the id
# rounds (PostgreSQL) or may truncate (DuckDB) the rest. Any other error is seconds or more.
MICROSECOND_ROUNDING = 1.5e-6


def _newest_load(settings, schema: str, table: str) -> float:
    """The greatest load id of a raw table, compared as a number (all its decimals), in Unix
    seconds."""
    relation = f"{quote(schema)}.{quote(table)}"
    sql = f"select max(cast(_dlt_load_id as numeric(20, 7))) from {relation}"  # nosec B608
    return float(query(settings, sql)[0][0])


@pytest.mark.parametrize("history_target", TARGETS)
def test_each_raw_tables_freshness_is_its_newest_load(request, history_target: str) -> None:
    settings = request.getfixturevalue(f"warehouse_{history_target}").settings

    result = run_dbt(settings, ["source", "freshness", "--quiet"])

    assert result.success, failures(result)
    checked = result.result.results
    assert len(checked) == DATABASE_TABLES
    assert {str(source.status) for source in checked} == {"pass"}
    for source in checked:
        loaded_at = source.max_loaded_at
        loaded_at = loaded_at if loaded_at.tzinfo else loaded_at.replace(tzinfo=UTC)
        newest = _newest_load(settings, source.node.schema, source.node.identifier)
        expected = pytest.approx(newest, abs=MICROSECOND_ROUNDING)
        assert loaded_at.timestamp() == expected, source.node.name
