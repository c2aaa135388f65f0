"""Pipeline health: the last cycles from `ops`, source freshness, dbt tests, the lake's size."""

from __future__ import annotations

import streamlit as st

from common.sources import FEED_SOURCES
from dashboard import charts, lake, page, queries

FEED_NAMES = tuple(source.name for source in FEED_SOURCES)

st.title("Pipeline health")
settings = page.settings()
warehouse = page.warehouse()
chosen = page.filters(
    warehouse,
    queries.CYCLE_DATE_BOUNDS,
    key="health",
    no_currency="No currency filter here: the pipeline's records have no currency.",
)
params = chosen.params()

st.subheader("Last cycles")
cycles = page.fetch(warehouse, queries.CYCLES, params)
if cycles.empty:
    st.info("No cycle ran in this date range.")
else:
    last = cycles.iloc[0]
    status_column, duration_column, rows_column = st.columns(3)
    status_column.metric(
        "Last cycle", str(last["status"]), str(last["run_id"]), delta_color="off", delta_arrow="off"
    )
    duration_column.metric("Its duration (s)", f"{last['duration_seconds']:.1f}")
    rows_column.metric("Rows it loaded", f"{int(last['rows_loaded']):,}")
    page.table(cycles)

st.subheader("Rows per table per cycle")
loads = page.fetch(warehouse, queries.TABLE_LOADS, params)
if not loads.empty:
    st.altair_chart(
        charts.bar(
            loads,
            "source_table",
            "rows_loaded",
            "run_id",
            value_title="Rows loaded",
            value_format=charts.COUNT,
        ),
        width="stretch",
    )
    page.data_expander(loads)

st.subheader("Feeds: every record fetched is loaded or quarantined")
st.caption(
    "The API and file sources, per cycle: records fetched, loaded into raw and quarantined "
    "(they failed the feed's JSON Schema; each is kept with its errors beside the raw table)."
)
feeds = page.fetch(warehouse, queries.FEED_COUNTS, params)
feeds = feeds[feeds["source"].isin(FEED_NAMES)]
if feeds.empty:
    st.info("No feed was read in this date range.")
else:
    page.table(feeds)

st.subheader("Source freshness against its SLA")
st.caption("The status is dbt's verdict against each source's warn_after / error_after.")
page.table(page.fetch(warehouse, queries.SOURCE_FRESHNESS))

st.subheader("dbt tests of the last build")
tests = page.fetch(warehouse, queries.LAST_TEST_RESULTS)
outcomes = tests["status"].value_counts()
if not outcomes.empty:
    for column, (status, count) in zip(st.columns(len(outcomes)), outcomes.items(), strict=True):
        column.metric(f"Tests {status}", f"{count:,}")
page.table(tests)

st.subheader("The lake's size per table")
sizes = lake.table_sizes(settings.lake_url, settings.lake_credentials)
if sizes.empty:
    st.info(f"The lake at {settings.lake_url} holds no files yet.")
else:
    sizes["size_mb"] = sizes["size_bytes"] / 1_000_000
    st.altair_chart(
        charts.bar(
            sizes, "table", "size_mb", "dataset", value_title="Size (MB)", value_format=",.3~f"
        ),
        width="stretch",
    )
    page.data_expander(sizes)
