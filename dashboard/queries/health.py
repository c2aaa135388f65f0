"""The Pipeline health page: the `ops` schema the cycle appends to."""

from __future__ import annotations

import sqlalchemy as sa

# (dlt creates a column only once a value arrives: failed_step/error exist after a failure only.)

CYCLE_DATE_BOUNDS = sa.text("""
select cast(min(started_at) as date) as first_date, cast(max(started_at) as date) as last_date
from ops.runs
""")

CYCLES = sa.text("""
select
    run_id,
    started_at,
    finished_at,
    status,
    rows_extracted,
    rows_loaded,
    tests_failed,
    cast(extract(epoch from finished_at - started_at) as double precision) as duration_seconds
from ops.runs
where cast(started_at as date) between cast(:start_date as date) and cast(:end_date as date)
order by started_at desc
limit 20
""")

# Rows per source table for the cycles in range (the `table` column is quoted: a keyword).
TABLE_LOADS = sa.text("""
select
    r.run_id,
    r.started_at,
    l.source || '.' || l."table" as source_table,
    l.rows_extracted,
    l.rows_loaded
from ops.table_loads as l
inner join ops.runs as r on l.run_id = r.run_id
where cast(r.started_at as date) between cast(:start_date as date) and cast(:end_date as date)
order by r.started_at, source_table
""")

# What each source table fetched, loaded and quarantined per cycle in range (the page keeps the
# feeds, the API and file sources: there fetched = loaded + quarantined).
FEED_COUNTS = sa.text("""
select
    r.run_id,
    r.started_at,
    l.source,
    l."table" as feed_table,
    l.rows_extracted as fetched,
    l.rows_loaded as loaded,
    l.rows_quarantined as quarantined
from ops.table_loads as l
inner join ops.runs as r on l.run_id = r.run_id
where
    cast(r.started_at as date) between cast(:start_date as date) and cast(:end_date as date)
    and l.rows_quarantined is not null
order by r.started_at desc, l.source, feed_table
""")

# Freshness as the most recent cycle measured it, per source table.
SOURCE_FRESHNESS = sa.text("""
with ranked as (
    select
        f.*,
        r.started_at as measured_at,
        row_number() over (
            partition by f.source, f."table" order by r.started_at desc
        ) as recency
    from ops.source_freshness as f
    inner join ops.runs as r on f.run_id = r.run_id
)
select
    source,
    "table" as source_table,
    status,
    max_loaded_at,
    cast(age_seconds / 3600.0 as double precision) as age_hours,
    measured_at
from ranked
where recency = 1
order by source, source_table
""")

# dbt tests of the last cycle that ran any.
LAST_TEST_RESULTS = sa.text("""
with last_run as (
    select r.run_id
    from ops.runs as r
    where exists (
        select 1 from ops.dbt_nodes as n
        where n.run_id = r.run_id and n.resource_type in ('test', 'unit_test')
    )
    order by r.started_at desc
    limit 1
)
select
    n.unique_id,
    n.resource_type,
    n.layer,
    n.status,
    cast(n.execution_seconds as double precision) as execution_seconds,
    n.message
from ops.dbt_nodes as n
inner join last_run on n.run_id = last_run.run_id
where n.resource_type in ('test', 'unit_test')
order by n.status, n.unique_id
""")
